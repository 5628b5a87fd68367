package io.p2pcam.protocol.cloud;

import java.util.random.RandomGenerator;

/**
 * Retransmission and backoff timers in the manner of STUN (RFC 8489 §6.2.1): the first wait is
 * {@code initial}, each further one doubles up to {@code max}, and every wait is jittered by
 * ±{@code jitter} so that clients restarted together (after a cloud outage) do not stay in step.
 */
public record RetransmitSchedule(long initialMillis, long maxMillis, double jitter) {
    /** Requests to the cloud: 500 ms, 1 s, 2 s, then every 2 s. */
    public static final RetransmitSchedule REQUEST = new RetransmitSchedule(500, 2_000, 0.1);
    /** Re-registration after a failure: capped at 4 s so that a camera is back within 5 s of the cloud's return. */
    public static final RetransmitSchedule REREGISTER = new RetransmitSchedule(1_000, 4_000, 0.2);

    public RetransmitSchedule {
        if (initialMillis <= 0 || maxMillis < initialMillis || jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("bad retransmit schedule");
        }
    }

    /** The wait before attempt {@code attempt + 1} (attempt 0 is the first retransmission). */
    public long delay(int attempt, RandomGenerator random) {
        long base = attempt >= 30 ? maxMillis : Math.min(maxMillis, initialMillis << attempt);
        double factor = 1 + jitter * (2 * random.nextDouble() - 1);
        return Math.max(1, Math.round(base * factor));
    }
}
