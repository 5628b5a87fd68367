package io.p2pcam.camera.audio;

import io.p2pcam.camera.media.SourceException;
import io.p2pcam.camera.media.SourceSpec;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * Which sound source to use, as written after {@code --audio-source}: {@code auto} (the sound that
 * goes with the video source), {@code synthetic}, {@code file:PATH}, {@code mic} or
 * {@code mic:DEVICE}. Immutable.
 */
public sealed interface AudioSpec {

    /**
     * The sound that goes with the video: the synthetic picture's timing-marked sound, a file's own
     * sound track, a webcam's (the default) microphone.
     */
    record Auto() implements AudioSpec {
        @Override
        public String toString() {
            return "auto";
        }
    }

    /** The timing-marked sound ({@link SyntheticAudioSource}). */
    record Synthetic() implements AudioSpec {
        @Override
        public String toString() {
            return "synthetic";
        }
    }

    /** A file's sound track, in a loop ({@link FileAudioSource}). */
    record File(Path path) implements AudioSpec {
        @Override
        public String toString() {
            return "file:" + path;
        }
    }

    /** A microphone ({@link MicrophoneSource}); no device means the platform's default input. */
    record Microphone(Optional<String> device) implements AudioSpec {
        @Override
        public String toString() {
            return device.map(name -> "mic:" + name).orElse("mic");
        }
    }

    /**
     * What {@code auto} means for {@code video}: the synthetic sound for the synthetic picture, the
     * file's own sound track for a file (empty if it has none), the default microphone for a webcam.
     * Any other spec is itself.
     */
    default Optional<AudioSpec> resolve(SourceSpec video) {
        if (!(this instanceof Auto)) {
            return Optional.of(this);
        }
        return switch (video) {
            case SourceSpec.Synthetic synthetic -> Optional.of(new Synthetic());
            case SourceSpec.File file ->
                FileAudioSource.hasSound(file.path()) ? Optional.of(new File(file.path())) : Optional.empty();
            case SourceSpec.Webcam webcam -> Optional.of(new Microphone(Optional.empty()));
        };
    }

    /** Opens the source (not {@code auto}: resolve it first); capture times come from {@code clock}. */
    static AudioSource open(AudioSpec spec, Clock clock) throws SourceException {
        return switch (spec) {
            case Auto auto -> throw new IllegalArgumentException("resolve 'auto' against the video source first");
            case Synthetic synthetic -> new SyntheticAudioSource(clock);
            case File file -> new FileAudioSource(file.path(), clock);
            case Microphone mic -> new MicrophoneSource(mic.device().orElse(null), clock);
        };
    }

    /**
     * Reads a sound source as written on the command line.
     *
     * @throws IllegalArgumentException with a one-line message naming the accepted forms
     */
    static AudioSpec parse(String text) {
        String spec = text == null ? "" : text.strip();
        int colon = spec.indexOf(':');
        String kind = colon < 0 ? spec : spec.substring(0, colon);
        String argument = colon < 0 ? null : spec.substring(colon + 1);
        switch (kind) {
            case "auto", "synthetic" -> {
                if (argument != null) {
                    throw new IllegalArgumentException("'" + kind + "' takes no argument, not '" + spec + "'");
                }
                return kind.equals("auto") ? new Auto() : new Synthetic();
            }
            case "file" -> {
                if (argument == null || argument.isBlank()) {
                    throw new IllegalArgumentException("'file' needs a path: file:PATH");
                }
                try {
                    return new File(Path.of(argument));
                } catch (InvalidPathException e) {
                    throw new IllegalArgumentException("not a file path: '" + argument + "'");
                }
            }
            case "mic" -> {
                if (argument != null && argument.isBlank()) {
                    throw new IllegalArgumentException(
                            "'mic:' needs a device as 'devices' lists it, or plain 'mic' for the default one");
                }
                return new Microphone(Optional.ofNullable(argument));
            }
            default ->
                throw new IllegalArgumentException(
                        "unknown sound source '" + spec + "': use auto, synthetic, file:PATH, mic or mic:DEVICE");
        }
    }
}
