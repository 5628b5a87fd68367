package io.p2pcam.runtime;

/**
 * When a client may try TCP to a cloud node again after TCP there failed (refused, reset, or its
 * requests unanswered: a network that blocks TCP, docs/PROTOCOL.md §3.1): {@value #FIRST_WAIT_MILLIS}
 * ms after the first failure, doubling with each failure in a row up to {@value #MAX_WAIT_MILLIS}
 * ms, and at once again after TCP answered. Meanwhile the client stays on UDP, where a refusal for
 * rate passes in a second or two (the bucket refills) while a blocked TCP never recovers within
 * a connect attempt: as WireGuard and ICE do, a failed path is tried again later and the other
 * is used meanwhile. Sans I/O; loop-thread only; times are the runner's monotonic milliseconds.
 */
final class TcpRetry {
    static final long FIRST_WAIT_MILLIS = 1_000;
    static final long MAX_WAIT_MILLIS = 60_000;

    private int failuresInARow;
    private long allowedAt = Long.MIN_VALUE;

    /** TCP failed at {@code now}. */
    void failed(long now) {
        allowedAt = now + Math.min(MAX_WAIT_MILLIS, FIRST_WAIT_MILLIS << Math.min(failuresInARow, 16));
        failuresInARow++;
    }

    /** The cloud answered over TCP: the next failure waits the first wait again. */
    void worked() {
        failuresInARow = 0;
    }

    /** When TCP may be tried again (Long.MIN_VALUE: at any time). */
    long allowedAt() {
        return allowedAt;
    }
}
