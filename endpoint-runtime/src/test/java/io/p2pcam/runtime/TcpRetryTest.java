package io.p2pcam.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TcpRetryTest {
    private final TcpRetry retry = new TcpRetry();

    @Test
    void tcpMayBeTriedAtAnyTimeUntilItFails() {
        assertThat(retry.allowedAt()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void eachFailureInARowDoublesTheWaitUpToAMinute() {
        long[] waits = new long[9];
        for (int i = 0; i < waits.length; i++) {
            retry.failed(1_000_000);
            waits[i] = retry.allowedAt() - 1_000_000;
        }
        assertThat(waits).containsExactly(1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000);
    }

    @Test
    void tcpThatAnsweredStartsTheWaitsOver() {
        retry.failed(0);
        retry.failed(0);
        retry.worked();
        retry.failed(10_000);
        assertThat(retry.allowedAt()).isEqualTo(11_000);
    }
}
