package io.p2pcam.cloud.server;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The operations of every registry connection a node makes ({@link RedisRegistry}), counted across
 * reconnects, and when it last lost one. Thread-safe.
 */
record RegistryCounters(
        AtomicLong writes,
        AtomicLong reads,
        AtomicLong messages,
        AtomicLong failures,
        AtomicLong refused,
        AtomicLong queueFull,
        LateWrites lateWrites) {
    /** A node's that has lost no connection yet, nor started lately (a test's). */
    RegistryCounters() {
        this(LateWrites.none());
    }

    /** A node process's, started at {@code wallMillis}: its predecessor may have left writes behind. */
    static RegistryCounters ofProcessStartedAt(long wallMillis) {
        return new RegistryCounters(LateWrites.startedAt(wallMillis));
    }

    private RegistryCounters(LateWrites lateWrites) {
        this(
                new AtomicLong(),
                new AtomicLong(),
                new AtomicLong(),
                new AtomicLong(),
                new AtomicLong(),
                new AtomicLong(),
                lateWrites);
    }
}
