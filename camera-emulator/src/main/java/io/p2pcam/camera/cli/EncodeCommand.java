package io.p2pcam.camera.cli;

import io.p2pcam.camera.media.EncodedFrame;
import io.p2pcam.camera.media.EncoderException;
import io.p2pcam.camera.media.EncoderSettings;
import io.p2pcam.camera.media.H264Encoder;
import io.p2pcam.camera.media.RawFrame;
import io.p2pcam.camera.media.SourceException;
import io.p2pcam.camera.media.SourceSpec;
import io.p2pcam.camera.media.VideoFormat;
import io.p2pcam.camera.media.VideoSource;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code encode}: a developer's check of the media pipeline. Takes {@code --frames} pictures from
 * the source as fast as it and the encoder go (no pacing), writes a raw Annex B H.264 stream that
 * ffplay, VLC or ffprobe read, and prints one summary line.
 */
@Command(
        name = "encode",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Encodes pictures from a source into a raw H.264 (Annex B) file, for checking the "
                + "pipeline: ffplay FILE.h264 plays it.")
final class EncodeCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private EncodingOptions encoding;

    @Option(
            names = "--frames",
            paramLabel = "N",
            defaultValue = "300",
            description = "Pictures to encode. Default: ${DEFAULT-VALUE}.")
    private int frames;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "Where to write the stream (.h264).")
    private Path out;

    @Override
    public Integer call() throws SourceException, EncoderException, IOException {
        EncoderSettings settings = encoding.settings(spec);
        VideoFormat format = settings.format();
        SourceSpec source = encoding.source;
        int fps = format.fps();
        if (frames < 1) {
            throw new ParameterException(spec.commandLine(), "--frames must be at least 1, not " + frames);
        }
        long bytes = 0;
        long keyframes = 0;
        long encodeNanos = 0;
        int written = 0;
        long started = System.nanoTime();
        try (VideoSource video = source.open(format, Clock.systemUTC());
                H264Encoder encoder = new H264Encoder(settings);
                OutputStream file = new BufferedOutputStream(Files.newOutputStream(out))) {
            while (written < frames) {
                RawFrame frame = video.next();
                long start = System.nanoTime();
                EncodedFrame encoded = encoder.encode(frame, false);
                encodeNanos += System.nanoTime() - start;
                if (encoded == null) {
                    continue;
                }
                file.write(encoded.annexB());
                bytes += encoded.size();
                keyframes += encoded.keyframe() ? 1 : 0;
                written++;
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        spec.commandLine()
                .getOut()
                .printf(
                        Locale.ROOT,
                        "encoded %d frames %s from %s to %s: %d bytes, %d keyframes, %.0f kbit/s at %d fps; "
                                + "encoder %.1f ms/frame (%.0f fps), %.1f s in all%n",
                        written,
                        format.width() + "x" + format.height(),
                        source,
                        out,
                        bytes,
                        keyframes,
                        bytes * 8.0 * fps / written / 1000,
                        fps,
                        encodeNanos / 1e6 / written,
                        written / (encodeNanos / 1e9),
                        seconds);
        spec.commandLine().getOut().flush();
        return 0;
    }

    static final class SourceSpecConverter implements picocli.CommandLine.ITypeConverter<SourceSpec> {
        @Override
        public SourceSpec convert(String value) {
            try {
                return SourceSpec.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static final class BitrateConverter implements picocli.CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            String text = value.strip();
            int multiplier = 1;
            if (text.endsWith("k") || text.endsWith("K")) {
                multiplier = 1_000;
            } else if (text.endsWith("M") || text.endsWith("m")) {
                multiplier = 1_000_000;
            }
            try {
                double number = Double.parseDouble(multiplier == 1 ? text : text.substring(0, text.length() - 1));
                return Math.toIntExact(Math.round(number * multiplier));
            } catch (NumberFormatException | ArithmeticException e) {
                throw new picocli.CommandLine.TypeConversionException(
                        "not a bitrate: '" + value + "' (e.g. 800k, 2M, 1500000)");
            }
        }
    }
}
