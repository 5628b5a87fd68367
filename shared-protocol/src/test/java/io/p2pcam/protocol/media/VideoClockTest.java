package io.p2pcam.protocol.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class VideoClockTest {
    /** 2026-12-03 00:45:00.123456 UTC. */
    private static final long NOW = 1_796_258_700_123_456L;

    @Test
    void aTimestampIsTheCaptureTimeIn90KilohertzUnitsModulo2To32() {
        // A product far beyond a long's range (NOW * 90,000 overflows): the units must still be right.
        long ticks = NOW / 100 * 9 + (NOW % 100) * 9 / 100;

        assertThat(VideoClock.timestampOf(NOW)).isEqualTo(ticks % (1L << 32));
        assertThat(VideoClock.timestampOf(NOW + 33_333) - VideoClock.timestampOf(NOW))
                .isEqualTo(3_000);
    }

    @Test
    void aTimestampReadsBackAsItsCaptureTimeNearTheReceiversClock() {
        long captured = NOW - 80_000;

        assertThat(VideoClock.captureMicros(VideoClock.timestampOf(captured), NOW))
                .isCloseTo(captured, within(12L));
        // Five hours apart (a camera's clock far off ours): still the same instant.
        assertThat(VideoClock.captureMicros(VideoClock.timestampOf(captured), NOW + 5 * 3_600_000_000L))
                .isCloseTo(captured, within(12L));
    }

    @Test
    void timestampsEitherSideOfTheWrapReadBackInOrder() {
        long wrapMicros = Math.floorDiv(((NOW * 9 / 100) | 0xFFFF_FFFFL) + 1, 9) * 100;
        long before = wrapMicros - 10_000;
        long after = wrapMicros + 10_000;

        assertThat(VideoClock.timestampOf(after)).isLessThan(VideoClock.timestampOf(before));
        assertThat(VideoClock.captureMicros(VideoClock.timestampOf(before), after))
                .isCloseTo(before, within(12L));
        assertThat(VideoClock.captureMicros(VideoClock.timestampOf(after), before))
                .isCloseTo(after, within(12L));
    }
}
