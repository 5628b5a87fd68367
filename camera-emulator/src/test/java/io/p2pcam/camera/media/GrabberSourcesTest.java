package io.p2pcam.camera.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.p2pcam.protocol.media.PixelCode;
import io.p2pcam.protocol.testing.ManualClock;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sources that read through JavaCV's FFmpegFrameGrabber (libavdevice; needs libpulse0 on Linux). */
class GrabberSourcesTest {
    @org.junit.jupiter.api.BeforeAll
    static void quietNativeLogging() {
        NativeLogging.quiet();
    }

    private static final VideoFormat FORMAT = new VideoFormat(320, 240, 30);

    @TempDir
    Path temp;

    @Test
    void aFileIsReadAtTheWantedSizeAndLoopsAtItsEnd() throws Exception {
        Path video = writeStream(temp.resolve("pattern.h264"), 10);

        try (FileSource source = new FileSource(video, FORMAT, Clock.systemUTC())) {
            for (int i = 0; i < 25; i++) {
                RawFrame frame = source.next();

                assertThat(frame.frameNumber()).isEqualTo(i);
                Optional<PixelCode.Stamp> stamp = PixelCode.readLuma(frame.data(), 0, 320, 320, 240);
                assertThat(stamp)
                        .as("picture %d", i)
                        .map(PixelCode.Stamp::frameNumber)
                        .contains((long) i % 10);
            }
        }
    }

    @Test
    void aFileIsScaledToTheWantedSize() throws Exception {
        Path video = writeStream(temp.resolve("pattern.h264"), 3);

        try (FileSource source = new FileSource(video, new VideoFormat(640, 480, 30), Clock.systemUTC())) {
            RawFrame frame = source.next();

            assertThat(frame.width()).isEqualTo(640);
            assertThat(frame.data()).hasSize(640 * 480 * 3 / 2);
        }
    }

    @Test
    void aMissingFileIsAClearError() {
        Path missing = temp.resolve("missing.mp4");

        assertThatThrownBy(() -> new FileSource(missing, FORMAT, Clock.systemUTC()))
                .isInstanceOf(SourceException.class)
                .hasMessage("cannot read video file " + missing);
    }

    @Test
    void aFileThatIsNoVideoIsAClearError() throws Exception {
        byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        Path notVideo = Files.write(temp.resolve("clip.mp4"), garbage);

        assertThatThrownBy(() -> new FileSource(notVideo, FORMAT, Clock.systemUTC()))
                .isInstanceOf(SourceException.class)
                // FFmpeg's words for AVERROR_INVALIDDATA, then what its demuxer said (which it printed on
                // stderr, before this line); JavaCV's hints to programmers ("Has setFormat() been called?",
                // "make sure FFmpegLogCallback.set() has been called") were shown to users.
                .hasMessage("cannot open video file " + notVideo
                        + ": Invalid data found when processing input (moov atom not found)");
    }

    @Test
    void aMissingCameraSuggestsTheSyntheticSource() {
        assumeTrue(Platform.current() == Platform.LINUX);

        assertThatThrownBy(() -> new WebcamSource("/dev/video99", FORMAT, Clock.systemUTC()))
                .isInstanceOf(SourceException.class)
                .hasMessage("no camera at /dev/video99; use --source synthetic to run without a camera");
    }

    /** The test pattern, encoded with our own encoder as a raw H.264 file. */
    private static Path writeStream(Path file, int frames) throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (SyntheticSource source = new SyntheticSource(320, 240, 30, clock);
                H264Encoder encoder = new H264Encoder(EncoderSettings.of(FORMAT, 500_000));
                OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < frames; i++) {
                out.write(encoder.encode(source.next(), false).annexB());
                clock.advance(Duration.ofMillis(33));
            }
        }
        return file;
    }
}
