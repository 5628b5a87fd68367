package io.p2pcam.viewer.engine.audio;

import java.time.Clock;
import java.util.Optional;

/**
 * The sound devices the viewer plays to and talks from; the app gives the computer's own (Java
 * Sound's defaults), tests give a capturing sink and a fake microphone (CI machines have no sound
 * card). Each call opens a fresh one, owned by the caller; empty when there is none.
 */
public interface AudioDevices {
    /** Nothing to play to and nothing to talk from. */
    AudioDevices NONE = new AudioDevices() {
        @Override
        public Optional<AudioSink> openOutput() {
            return Optional.empty();
        }

        @Override
        public Optional<Microphone> openMicrophone() {
            return Optional.empty();
        }
    };

    /** The default sound output, opened, or empty if there is none (or it is busy). Any thread. */
    Optional<AudioSink> openOutput();

    /** The default sound input, opened, or empty if there is none (or it is busy). Any thread. */
    Optional<Microphone> openMicrophone();

    /** The computer's default output and input through Java Sound. */
    static AudioDevices system(Clock clock) {
        return new AudioDevices() {
            @Override
            public Optional<AudioSink> openOutput() {
                return DeviceSink.open().map(AudioSink.class::cast);
            }

            @Override
            public Optional<Microphone> openMicrophone() {
                return DeviceMicrophone.open(clock).map(Microphone.class::cast);
            }
        };
    }
}
