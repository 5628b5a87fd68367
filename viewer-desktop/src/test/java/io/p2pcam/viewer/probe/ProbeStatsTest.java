package io.p2pcam.viewer.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.media.PixelCode;
import io.p2pcam.viewer.engine.frame.VideoFrame;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProbeStatsTest {
    private static final int WIDTH = 320;
    private static final int HEIGHT = 240;
    /** The camera admitted us at 100 s (epoch µs); pictures are decoded 10 ms after capture. */
    private static final long STARTED = 100_000_000;

    private final ProbeStats stats = new ProbeStats(100, Long.MAX_VALUE, STARTED - 50_000);

    ProbeStatsTest() {
        stats.liveFrom(STARTED); // 50 ms after the connection attempt began
    }

    /** Decodes the synthetic source's picture {@code number}, captured at {@code captureMicros}, 10 ms later. */
    private void show(long number, long captureMicros) {
        show(number, captureMicros, captureMicros + 10_000);
    }

    private void show(long number, long captureMicros, long decodedMicros) {
        byte[] luma = new byte[WIDTH * HEIGHT];
        PixelCode.write(luma, 0, WIDTH, WIDTH, HEIGHT, new PixelCode.Stamp(number, captureMicros));
        VideoFrame frame = new VideoFrame();
        ByteBuffer bgra = frame.resize(WIDTH, HEIGHT);
        for (byte y : luma) {
            bgra.put(y).put(y).put(y).put((byte) 0xff);
        }
        frame.describe(number * 3000, number, captureMicros);
        stats.picture(frame, Instant.ofEpochSecond(0, decodedMicros * 1_000), decodedMicros * 1_000);
    }

    @Test
    void aStandbyKeyframeCapturedBeforeTheConnectIsShownButNoPartOfTheLiveStream() {
        show(40, STARTED - 600_000, STARTED + 10_000); // kept by the camera while nobody watched
        for (long n = 58; n < 68; n++) { // live from the next tick on: 18 numbers never encoded for anyone
            show(n, STARTED + (n - 57) * 33_333);
        }

        ProbeStats.Summary summary = stats.summary(0, 0);
        assertThat(summary.frames()).isEqualTo(11);
        assertThat(summary.intactFrames()).isEqualTo(11);
        assertThat(summary.droppedFrames()).isZero();
        assertThat(summary.intactPercent()).isEqualTo(100.0);
        assertThat(summary.latencyMsMax()).isEqualTo(10.0); // the standby picture's age is no latency sample
        assertThat(stats.firstFrameAgeMicros()).isEqualTo(610_000);
        assertThat(stats.firstLiveNanos()).isEqualTo((STARTED + 33_333 + 10_000) * 1_000);
    }

    @Test
    void aStandbyKeyframeCapturedAfterTheAttemptBeganButBeforeAdmissionIsNotLiveEither() {
        show(40, STARTED - 20_000, STARTED + 10_000);
        show(42, STARTED + 30_000); // the next tick's picture: 41 was never encoded

        assertThat(stats.summary(0, 0).droppedFrames()).isZero();
        assertThat(stats.firstFrameAgeMicros()).isEqualTo(30_000);
    }

    @Test
    void gapsInTheLiveStreamAreDroppedFrames() {
        show(58, STARTED + 1_000);
        show(59, STARTED + 34_000);
        show(62, STARTED + 134_000); // 60 and 61 lost

        ProbeStats.Summary summary = stats.summary(0, 0);
        assertThat(summary.droppedFrames()).isEqualTo(2);
        assertThat(summary.intactPercent()).isEqualTo(60.0);
        assertThat(stats.firstFrameAgeMicros()).isEqualTo(10_000);
        assertThat(stats.firstLiveNanos()).isEqualTo(stats.firstFrameNanos());
    }

    @Test
    void picturesTheDecoderDeliversAfterCountingStoppedAreNotCounted() {
        show(58, STARTED + 1_000);
        show(59, STARTED + 34_000);
        stats.stopCounting(); // the probe has its frames and is closing the connection
        show(60, STARTED + 67_000);

        ProbeStats.Summary summary = stats.summary(0, 0);
        assertThat(summary.frames()).isEqualTo(2);
        assertThat(summary.intactFrames()).isEqualTo(2);
    }
}
