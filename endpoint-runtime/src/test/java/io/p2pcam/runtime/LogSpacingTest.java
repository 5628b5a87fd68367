package io.p2pcam.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LogSpacingTest {
    private final LogSpacing spacing = new LogSpacing(Duration.ofSeconds(10));

    @Test
    void theFirstLineIsWrittenWithNothingHeldBack() {
        assertThat(spacing.admits(5)).isTrue();
        assertThat(spacing.heldBack()).isZero();
        assertThat(spacing.heldBackInWords()).isEmpty();
    }

    @Test
    void linesWithinTheIntervalAreHeldBackAndCountedInTheNextLineWritten() {
        spacing.admits(0);
        int written = 0;
        for (long now = 1; now < 10_000; now += 10) {
            written += spacing.admits(now) ? 1 : 0;
        }
        assertThat(written).isZero();

        assertThat(spacing.heldBackInWords()).as("for a line held back").isEmpty();
        assertThat(spacing.admits(10_000)).isTrue();
        assertThat(spacing.heldBack()).isEqualTo(1000);
        assertThat(spacing.heldBackInWords()).isEqualTo(" (and 1000 more like it since the last)");
    }

    @Test
    void aLineAfterAQuietIntervalIsWrittenAndSaysNothingWasHeldBack() {
        spacing.admits(0);
        spacing.admits(1);
        spacing.admits(20_000);

        assertThat(spacing.admits(40_000)).isTrue();
        assertThat(spacing.heldBack()).isZero();
    }

    @Test
    void onlyTheFirstLineWrittenIsTheFirst() {
        assertThat(spacing.admits(0)).isTrue();
        assertThat(spacing.wasFirst()).isTrue();
        assertThat(spacing.admits(1)).isFalse();
        assertThat(spacing.admits(10_000)).isTrue();
        assertThat(spacing.wasFirst()).isFalse();
    }

    @Test
    void aClockReadingBeforeTheFirstLineIsNoReasonToHoldTheFirstBack() {
        assertThat(spacing.admits(Long.MIN_VALUE + 1)).isTrue();
        assertThat(spacing.admits(Long.MIN_VALUE + 2)).isFalse();
    }
}
