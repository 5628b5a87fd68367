package io.p2pcam.protocol.noise;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplayWindowTest {

    private final ReplayWindow window = new ReplayWindow();

    @Test
    void theWindowCoversAtLeast2048Counters() {
        assertThat(ReplayWindow.WINDOW_SIZE).isGreaterThanOrEqualTo(2048);
    }

    @Test
    void countersInOrderAreAllAccepted() {
        for (long counter = 0; counter < 10_000; counter++) {
            assertThat(window.checkAndAccept(counter)).as("counter %d", counter).isTrue();
        }
        assertThat(window.highest()).isEqualTo(9_999);
    }

    @Test
    void reorderedCountersWithinTheWindowAreAccepted() {
        assertThat(window.checkAndAccept(100)).isTrue();
        assertThat(window.checkAndAccept(98)).isTrue();
        assertThat(window.checkAndAccept(99)).isTrue();
        assertThat(window.checkAndAccept(3)).isTrue();
        assertThat(window.highest()).isEqualTo(100);
    }

    @Test
    void aDuplicateIsRejected() {
        window.checkAndAccept(5);
        window.checkAndAccept(6);

        assertThat(window.checkAndAccept(5)).isFalse();
        assertThat(window.checkAndAccept(6)).isFalse();
        assertThat(window.check(6)).isFalse();
    }

    @Test
    void aCounterOlderThanTheWindowIsRejectedEvenIfNeverSeen() {
        long highest = 10_000;
        window.checkAndAccept(highest);

        assertThat(window.check(highest - ReplayWindow.WINDOW_SIZE)).isTrue();
        assertThat(window.check(highest - ReplayWindow.WINDOW_SIZE - 1)).isFalse();
        assertThat(window.checkAndAccept(highest - ReplayWindow.WINDOW_SIZE - 1))
                .isFalse();
    }

    @Test
    void checkingAloneMarksNothingSeen() {
        assertThat(window.check(42)).isTrue();
        assertThat(window.check(42)).isTrue();
        assertThat(window.highest()).isZero();
        assertThat(window.checkAndAccept(42)).isTrue();
    }

    @Test
    void aLargeJumpForgetsEverythingBehindTheNewWindow() {
        for (long counter = 1; counter <= 100; counter++) {
            window.checkAndAccept(counter);
        }
        window.checkAndAccept(1_000_000);

        assertThat(window.checkAndAccept(999_999)).isTrue();
        assertThat(window.checkAndAccept(1_000_000 - ReplayWindow.WINDOW_SIZE)).isTrue();
        assertThat(window.checkAndAccept(100)).isFalse();
        assertThat(window.checkAndAccept(1_000_000)).isFalse();
    }

    @Test
    void aJumpOfLessThanTheRingReusesBlocksCleanly() {
        window.checkAndAccept(10);
        window.checkAndAccept(10 + 64 * 40);

        assertThat(window.checkAndAccept(10)).isFalse();
        assertThat(window.checkAndAccept(11)).isTrue();
        assertThat(window.checkAndAccept(10 + 64 * 40 - 64)).isTrue();
    }

    @Test
    void theReservedCounterIsNeverAccepted() {
        assertThat(window.check(-1L)).isFalse();
        assertThat(window.checkAndAccept(-1L)).isFalse();
    }

    @Test
    void countersAreUnsignedSoTwoToTheSixtyThreeIsAheadOfFive() {
        window.checkAndAccept(5);

        assertThat(window.checkAndAccept(Long.MIN_VALUE)).isTrue();
        assertThat(window.highest()).isEqualTo(Long.MIN_VALUE);
        assertThat(window.checkAndAccept(5)).isFalse();
        assertThat(window.checkAndAccept(CipherState.MAX_NONCE)).isTrue();
    }
}
