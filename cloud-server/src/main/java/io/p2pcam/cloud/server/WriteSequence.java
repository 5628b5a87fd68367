package io.p2pcam.cloud.server;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Numbers one registry connection's camera writes and heartbeats, so that Redis can refuse one
 * older than what it holds from the node ({@link CameraWriteScripts}, {@link MembershipScript}).
 * The numbers come from Redis, not from the node's clock (decision 0045, third amendment): at
 * connect Redis reserves a range for the connection above every number the node was given before
 * ({@link NumbersScript}), and each answered heartbeat moves the reservation on; the node uses
 * numbers one by one inside it. Writes that outrun the heartbeats (half the reservation spent since
 * the last one answered) have the connection ask Redis for more by the same script ({@link
 * #startReserving}), above every number it has handed out, before the reservation is spent. So
 * every write over a new connection, and of a restarted process, is above every write of the
 * node's old connections, whatever its clock did meanwhile; and within a connection each write is
 * above the one before. Thread-safe.
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

    /** Numbers Redis reserves for the connection at once: {@link #RESERVED_AHEAD}, less in tests. */
    private final long reservation;
    /** The last number handed out. */
    private final AtomicLong last;
    /** The highest number Redis has reserved for this connection. */
    private final AtomicLong reservedThrough;
    /** Whether more numbers are asked of Redis now ({@link #startReserving}). */
    private final AtomicBoolean reserving = new AtomicBoolean();

    /** A connection's, Redis having reserved numbers from {@code first} ({@link NumbersScript}). */
    WriteSequence(long first) {
        this(first, RESERVED_AHEAD);
    }

    /** A connection's, Redis having reserved {@code reservation} numbers from {@code first}. */
    WriteSequence(long first, long reservation) {
        if (reservation <= 2 * KEPT_FOR_HEARTBEATS) {
            throw new IllegalArgumentException("a reservation of " + reservation + " leaves camera writes nothing");
        }
        this.reservation = reservation;
        this.last = new AtomicLong(first - 1);
        this.reservedThrough = new AtomicLong(first + reservation - 1);
    }

    /** Numbers Redis reserves for the connection at once. */
    long reservation() {
        return reservation;
    }

    /**
     * A camera write's number; -1 when the reservation is spent (writes outran the heartbeats, and
     * the numbers asked of Redis by {@link #startReserving} have not come yet).
     */
    long nextWrite() {
        return next(reservedThrough.get() - KEPT_FOR_HEARTBEATS);
    }

    /** A heartbeat's number; -1 when the reservation is spent. */
    long nextHeartbeat() {
        return next(reservedThrough.get());
    }

    /** Redis answered the heartbeat numbered {@code number}: it reserved what follows that number. */
    void heartbeatAnswered(long number) {
        reservedThrough.accumulateAndGet(number + reservation - 1, Math::max);
    }

    /**
     * Whether the connection is to ask Redis for more numbers now ({@link NumbersScript}, from
     * {@link #nextUnused}): over half its reservation is spent, and no such request is under way
     * (this call makes one under way; {@link #reserved} ends it). Answered heartbeats move the
     * reservation on every second, so only writes that outrun them get here.
     */
    boolean startReserving() {
        return reservedThrough.get() - last.get() < reservation / 2 && reserving.compareAndSet(false, true);
    }

    /** Above every number handed out: where a reservation asked for now may start, at the lowest. */
    long nextUnused() {
        return last.get() + 1;
    }

    /**
     * Redis answered {@link #startReserving}'s request: it reserved {@link #reservation} numbers
     * from {@code first}, above every number it had reserved for the node; null if it did not
     * answer (the next write past half the reservation asks again).
     */
    void reserved(Long first) {
        if (first != null) {
            reservedThrough.accumulateAndGet(first + reservation - 1, Math::max);
        }
        reserving.set(false);
    }

    /** What a heartbeat numbered {@code number} asks Redis to reserve: the node's numbers start above this next time. */
    long reservedAfter(long number) {
        return number + reservation;
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
