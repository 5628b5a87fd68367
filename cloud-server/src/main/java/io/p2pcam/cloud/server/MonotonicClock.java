package io.p2pcam.cloud.server;

import java.util.function.LongSupplier;

/** Milliseconds since this clock was made, from {@link System#nanoTime()}: never jumps with the wall clock. Thread-safe. */
final class MonotonicClock implements LongSupplier {
    private final long originNanos = System.nanoTime();

    @Override
    public long getAsLong() {
        return (System.nanoTime() - originNanos) / 1_000_000;
    }
}
