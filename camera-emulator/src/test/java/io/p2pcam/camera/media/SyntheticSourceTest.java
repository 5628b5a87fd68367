package io.p2pcam.camera.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.media.PixelCode;
import io.p2pcam.protocol.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SyntheticSourceTest {
    private static final Instant START = Instant.parse("2026-03-01T08:30:00.123456Z");

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"320, 240", "640, 360", "1280, 720", "1920, 1080"})
    void everyPictureCarriesAReadableStampOfItsNumberAndCaptureTime(int width, int height) {
        ManualClock clock = new ManualClock(START);
        try (SyntheticSource source = new SyntheticSource(width, height, 30, clock)) {
            for (int i = 0; i < 3; i++) {
                RawFrame frame = source.next();

                long micros = START.getEpochSecond() * 1_000_000 + 123_456 + i * 40_000L;
                assertThat(frame.frameNumber()).isEqualTo(i);
                assertThat(frame.captureMicros()).isEqualTo(micros);
                assertThat(PixelCode.readLuma(frame.data(), frame.yOffset(), frame.lumaStride(), width, height))
                        .contains(new PixelCode.Stamp(i, micros));
                clock.advance(Duration.ofMillis(40));
            }
        }
    }

    @Test
    void thePictureMovesFromFrameToFrame() {
        try (SyntheticSource source = new SyntheticSource(320, 240, 30, new ManualClock(START))) {
            byte[] first = source.next().data().clone();
            byte[] second = source.next().data();

            int band = PixelCode.layout(320, 240).bandHeight() * 320;
            int changed = 0;
            for (int i = band; i < 320 * 240; i++) {
                if (first[i] != second[i]) {
                    changed++;
                }
            }
            assertThat(changed).isGreaterThan(100);
        }
    }

    @Test
    void theFrameIsReusedAndCopiesStayValid() {
        try (SyntheticSource source = new SyntheticSource(320, 240, 30, new ManualClock(START))) {
            RawFrame first = source.next();
            RawFrame kept = first.copy();
            RawFrame second = source.next();

            assertThat(second).isSameAs(first);
            assertThat(kept.frameNumber()).isZero();
            assertThat(PixelCode.readLuma(kept.data(), 0, 320, 320, 240))
                    .map(PixelCode.Stamp::frameNumber)
                    .contains(0L);
        }
    }
}
