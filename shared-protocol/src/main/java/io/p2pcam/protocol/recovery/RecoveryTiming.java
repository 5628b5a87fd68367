package io.p2pcam.protocol.recovery;

/**
 * How long a receiver waits for a missing packet and how often it asks for it again, from the
 * measured round-trip time and jitter. One NACK round costs a round trip plus the path's jitter;
 * the jitter buffer waits for three such rounds (a NACK or its retransmission can be lost too: at
 * 5 % loss each way a round fails one time in ten, three rounds one in a thousand), never less than
 * {@link #MIN_WAIT_MILLIS} (reordering on a fast path) nor more than {@link #MAX_WAIT_MILLIS}
 * (past that a keyframe is quicker than waiting).
 */
public final class RecoveryTiming {
    public static final long MIN_WAIT_MILLIS = 30;
    public static final long MAX_WAIT_MILLIS = 400;
    /** Assumed until the first round-trip measurement (about a second into the stream). */
    public static final long INITIAL_RTT_MILLIS = 100;

    private static final long MARGIN_MILLIS = 5;

    private RecoveryTiming() {}

    /** The gap between two NACKs for the same packet. */
    public static long retryMillis(long rttMillis, double jitterMillis) {
        return rttMillis + Math.round(2 * jitterMillis) + MARGIN_MILLIS;
    }

    /** How long a hole may hold later packets back. */
    public static long waitMillis(long rttMillis, double jitterMillis) {
        long wait = 3 * retryMillis(rttMillis, jitterMillis) + MARGIN_MILLIS;
        return Math.max(MIN_WAIT_MILLIS, Math.min(MAX_WAIT_MILLIS, wait));
    }
}
