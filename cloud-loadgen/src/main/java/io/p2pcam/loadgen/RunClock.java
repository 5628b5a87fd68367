package io.p2pcam.loadgen;

/** Milliseconds since the run started, from {@link System#nanoTime()}; fits an int for 24 days. Thread-safe. */
final class RunClock {
    private final long startNanos = System.nanoTime();

    int millis() {
        return (int) ((System.nanoTime() - startNanos) / 1_000_000);
    }
}
