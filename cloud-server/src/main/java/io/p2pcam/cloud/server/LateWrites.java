package io.p2pcam.cloud.server;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How long a camera write this node sent may still run late, out of order with its newer writes
 * (decision 0045): only a write sent over a connection since lost can (its bytes left in the
 * socket of a Redis that hung, or in a proxy, while the node goes on over a new connection), and a
 * late publish writes a hold that ends at most a hold's length after it was sent, so before the
 * connection was lost. A withdraw keeps its number in the entry, to refuse such a publish, only
 * until then: with no connection lost within a hold's length it leaves nothing behind. A process
 * counts its own start as a loss (its predecessor may have left writes behind). Kept by the node
 * across its connections. Thread-safe.
 */
final class LateWrites {
    /** Wall clock (Unix ms) when the node last lost a connection to the registry. */
    private final AtomicLong lastLost;

    private LateWrites(long lastLost) {
        this.lastLost = new AtomicLong(lastLost);
    }

    /** A node that has lost no connection yet, nor started lately (a test's). */
    static LateWrites none() {
        return new LateWrites(Long.MIN_VALUE / 2);
    }

    /** A node process started at {@code wallMillis}. */
    static LateWrites startedAt(long wallMillis) {
        return new LateWrites(wallMillis);
    }

    /** A connection to the registry was lost (dropped, closed or broken) at {@code wallMillis}. */
    void connectionLost(long wallMillis) {
        lastLost.accumulateAndGet(wallMillis, Math::max);
    }

    /**
     * How long from {@code wallMillis} a write this node sent earlier may still run late and bring
     * back a hold of {@code holdMillis} (0: none can).
     */
    long guardMillis(long wallMillis, long holdMillis) {
        return Math.max(0, lastLost.get() + holdMillis - wallMillis);
    }
}
