package io.p2pcam.cloud.server;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Camera writes sent to the registry and not answered yet, at most {@code capacity}: what a Redis
 * that stops answering makes a node hold (docs/ADMIN.md, "Running a cluster"). Every event loop
 * of the node reserves here before it sends a write, and Lettuce's threads release when the write
 * is answered or fails. Thread-safe: the cap holds exactly however many loops reserve at once.
 */
final class WritesAwaiting {
    private final int capacity;
    private final AtomicLong held = new AtomicLong();
    /** The most ever held at once: the bound, as tests observe it. */
    private final AtomicLong peak = new AtomicLong();

    WritesAwaiting(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * Takes a place for one write: false when {@code capacity} are held already. Exact under any
     * number of threads: a place is taken only by a compare-and-set from a count below the cap.
     * (Checking the count, then incrementing it, let each loop that checked at the same moment
     * pass the cap by one.)
     */
    boolean tryReserve() {
        long before;
        do {
            before = held.get();
            if (before >= capacity) {
                return false;
            }
        } while (!held.compareAndSet(before, before + 1));
        peak.accumulateAndGet(before + 1, Math::max);
        return true;
    }

    /** A reserved write was answered or failed. */
    void release() {
        held.decrementAndGet();
    }

    long held() {
        return held.get();
    }

    long peak() {
        return peak.get();
    }
}
