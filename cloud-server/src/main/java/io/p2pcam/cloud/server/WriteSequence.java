package io.p2pcam.cloud.server;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Numbers a node's camera writes so that Redis can refuse one older than what it holds from that
 * node ({@link CameraWriteScripts}): each number is above the one before, and at least the wall
 * clock in ms times 1000, so a restarted node's writes are newer than its old ones (as long as the
 * old process wrote fewer than 1000 writes per ms on average, and the clock did not go back further
 * than that margin). Kept by the node across its connections. Thread-safe.
 */
final class WriteSequence {
    private final AtomicLong last = new AtomicLong();

    /** The next write's number, {@code wallMillis} being the wall clock now (Unix ms). */
    long next(long wallMillis) {
        return last.accumulateAndGet(
                Math.multiplyExact(wallMillis, 1000), (previous, floor) -> Math.max(previous + 1, floor));
    }
}
