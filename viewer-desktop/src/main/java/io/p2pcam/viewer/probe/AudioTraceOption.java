package io.p2pcam.viewer.probe;

import io.p2pcam.runtime.UserFiles;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** probe's {@code --audio-trace FILE}: every sound frame's playout and every timing mark, for a benchmark's evidence. */
final class AudioTraceOption {
    @Option(
            names = "--audio-trace",
            paramLabel = "FILE",
            description = {
                "Write every sound frame played (when, its capture time, the delay between, what the jitter "
                        + "buffer decided: P packet, R rebuilt from the next packet's FEC, L lost and concealed, S silence) "
                        + "and every timing mark heard (latency, onset error, the slots around its onset) to FILE."
            })
    Path file;

    /** What is wrong with the option, in one line, or null: said before the probe connects, not after. */
    String problem() {
        if (file == null) {
            return null;
        }
        try {
            UserFiles.checkWritable(file);
            return null;
        } catch (IOException e) {
            return "--audio-trace " + file + ": cannot write it: " + UserFiles.describe(e);
        }
    }

    /** Writes the trace if asked for; a failure to write is reported, the probe's line stands. */
    void write(AudioMarks marks) {
        if (file == null) {
            return;
        }
        try {
            marks.writeTrace(file);
        } catch (IOException e) {
            System.err.println("--audio-trace " + file + ": cannot write it: " + UserFiles.describe(e));
        }
    }
}
