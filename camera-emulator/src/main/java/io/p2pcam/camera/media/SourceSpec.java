package io.p2pcam.camera.media;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * Which video source to use, as written on the command line: {@code synthetic},
 * {@code file:PATH}, {@code webcam} or {@code webcam:DEVICE}. Immutable.
 */
public sealed interface SourceSpec {

    /** The built-in test pattern ({@link SyntheticSource}). */
    record Synthetic() implements SourceSpec {
        @Override
        public VideoSource open(VideoFormat format, Clock clock) {
            return new SyntheticSource(format.width(), format.height(), format.fps(), clock);
        }

        @Override
        public String toString() {
            return "synthetic";
        }
    }

    /** A video file played in a loop ({@link FileSource}). */
    record File(Path path) implements SourceSpec {
        @Override
        public VideoSource open(VideoFormat format, Clock clock) throws SourceException {
            return new FileSource(path, format, clock);
        }

        @Override
        public String toString() {
            return "file:" + path;
        }
    }

    /** A camera ({@link WebcamSource}); no device means the platform's default. */
    record Webcam(Optional<String> device) implements SourceSpec {
        @Override
        public VideoSource open(VideoFormat format, Clock clock) throws SourceException {
            return new WebcamSource(device.orElse(null), format, clock);
        }

        @Override
        public String toString() {
            return device.map(name -> "webcam:" + name).orElse("webcam");
        }
    }

    /** Opens the source, delivering {@code format}; capture times come from {@code clock}. */
    VideoSource open(VideoFormat format, Clock clock) throws SourceException;

    /**
     * Reads a source as written on the command line.
     *
     * @throws IllegalArgumentException with a one-line message naming the accepted forms
     */
    static SourceSpec parse(String text) {
        String spec = text == null ? "" : text.strip();
        int colon = spec.indexOf(':');
        String kind = colon < 0 ? spec : spec.substring(0, colon);
        String argument = colon < 0 ? null : spec.substring(colon + 1);
        switch (kind) {
            case "synthetic":
                if (argument != null) {
                    throw new IllegalArgumentException("'synthetic' takes no argument, not '" + spec + "'");
                }
                return new Synthetic();
            case "file":
                if (argument == null || argument.isBlank()) {
                    throw new IllegalArgumentException("'file' needs a path: file:PATH");
                }
                try {
                    return new File(Path.of(argument));
                } catch (InvalidPathException e) {
                    throw new IllegalArgumentException("not a file path: '" + argument + "'");
                }
            case "webcam":
                if (argument != null && argument.isBlank()) {
                    throw new IllegalArgumentException(
                            "'webcam:' needs a device, e.g. webcam:/dev/video1, or plain 'webcam'");
                }
                return new Webcam(Optional.ofNullable(argument));
            default:
                throw new IllegalArgumentException(
                        "unknown source '" + spec + "': use synthetic, file:PATH, webcam or webcam:DEVICE");
        }
    }
}
