package io.p2pcam.viewer.probe;

import io.p2pcam.runtime.UserFiles;
import io.p2pcam.viewer.engine.audio.Microphone;
import io.p2pcam.viewer.engine.audio.SyntheticMicrophone;
import io.p2pcam.viewer.engine.audio.WavFileMicrophone;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine.Option;

/** probe's talkback options (docs/PROTOCOL.md §10.7): what it says to the camera once live, if anything. */
final class TalkOptions {
    @Option(
            names = "--talk-synthetic",
            description = {
                "Talk to the camera once live (talkback, §10.7 in PROTOCOL.md): a 1 kHz tone burst at every 500 ms "
                        + "of capture time, as the synthetic camera's sound, so that the camera's speaker output can be "
                        + "checked for the marks (run --speaker-file). Adds talkFrames to the line."
            })
    boolean synthetic;

    @Option(
            names = "--talk-file",
            paramLabel = "FILE.wav",
            description = "Talk to the camera once live: FILE.wav (48 kHz), once, in real time. Adds talkFrames.")
    Path file;

    /** What is wrong with these options, in one line, or null. */
    String problem() {
        if (synthetic && file != null) {
            return "--talk-synthetic or --talk-file, not both";
        }
        if (file != null) {
            try {
                WavFileMicrophone.open(file, Clock.systemUTC()).close(); // says now if it cannot be read
            } catch (IOException e) {
                return "--talk-file " + file + ": " + UserFiles.describe(e);
            }
        }
        return null;
    }

    /** The microphone talkback reads, or null when the probe does not talk. */
    Microphone microphone() throws IOException {
        if (synthetic) {
            return new SyntheticMicrophone(Clock.systemUTC());
        }
        return file == null ? null : WavFileMicrophone.open(file, Clock.systemUTC());
    }
}
