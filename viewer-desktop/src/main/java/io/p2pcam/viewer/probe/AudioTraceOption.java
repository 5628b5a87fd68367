package io.p2pcam.viewer.probe;

import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** probe's {@code --audio-trace FILE}: every sound frame's playout and every timing mark, for a benchmark's evidence. */
final class AudioTraceOption {
    @Option(
            names = "--audio-trace",
            paramLabel = "FILE",
            description = {
                "Write every sound frame played (when, its capture time, the delay between, what the jitter",
                "buffer decided: P packet, R rebuilt from the next packet's FEC, L lost and concealed, S silence)",
                "and every timing mark heard (latency, onset error, the slots around its onset) to FILE."
            })
    Path file;

    /** Writes the trace if asked for; a failure to write is reported, the probe's line stands. */
    void write(AudioMarks marks) {
        if (file == null) {
            return;
        }
        try {
            marks.writeTrace(file);
        } catch (IOException e) {
            System.err.println("--audio-trace: " + e.getMessage());
        }
    }
}
