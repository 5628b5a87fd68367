package io.p2pcam.cloud.server;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Numbers one registry connection's camera writes and heartbeats, so that Redis can refuse one
 * older than what it holds from the node ({@link CameraWriteScripts}, {@link MembershipScript}).
 * The numbers come from Redis, not from the node's clock (decision 0045, third amendment): at
 * connect Redis reserves a range for the connection above every number the node was given before
 * ({@link NumbersScript}), and each answered heartbeat moves the reservation on; the node uses
 * numbers one by one inside it. So every write over a new connection, and of a restarted process,
 * is above every write of the node's old connections, whatever its clock did meanwhile; and within
 * a connection each write is above the one before. Thread-safe.
 */
final class WriteSequence {
    /**
     * Numbers Redis reserves ahead of a connection's first number, and of each heartbeat's: about a
     * second's worth of the wall clock in µs, the scale the numbers started at (so a reconnect moves
     * a node's numbers ahead of its clock by at most about that), and far more than the writes one
     * node can send Redis in the second between two heartbeats.
     */
    static final long RESERVED_AHEAD = 1L << 20;
    /** Numbers at the end of the reservation kept for heartbeats: camera writes cannot starve them. */
    private static final long KEPT_FOR_HEARTBEATS = 64;

    /** The last number handed out. */
    private final AtomicLong last;
    /** The highest number Redis has reserved for this connection. */
    private final AtomicLong reservedThrough;

    /** A connection's, Redis having reserved numbers from {@code first} ({@link NumbersScript}). */
    WriteSequence(long first) {
        this.last = new AtomicLong(first - 1);
        this.reservedThrough = new AtomicLong(first + RESERVED_AHEAD - 1);
    }

    /** A camera write's number; -1 when the reservation is spent (no heartbeat answered lately). */
    long nextWrite() {
        return next(reservedThrough.get() - KEPT_FOR_HEARTBEATS);
    }

    /** A heartbeat's number; -1 when the reservation is spent. */
    long nextHeartbeat() {
        return next(reservedThrough.get());
    }

    /** Redis answered the heartbeat numbered {@code number}: it reserved what follows that number. */
    void heartbeatAnswered(long number) {
        reservedThrough.accumulateAndGet(number + RESERVED_AHEAD - 1, Math::max);
    }

    /** What a heartbeat numbered {@code number} asks Redis to reserve: the node's numbers start above this next time. */
    static long reservedAfter(long number) {
        return number + RESERVED_AHEAD;
    }

    private long next(long limit) {
        while (true) {
            long previous = last.get();
            if (previous >= limit) {
                return -1;
            }
            if (last.compareAndSet(previous, previous + 1)) {
                return previous + 1;
            }
        }
    }
}
