package io.p2pcam.camera.audio;

import java.util.Arrays;

/**
 * The capture-to-speaker latencies of one talk spurt, for percentiles in whole milliseconds: a
 * count per millisecond from {@link #MIN_MILLIS} to {@link #MAX_MILLIS}, a latency outside counted
 * at the nearer edge (clocks that far apart say nothing anyway). Of fixed size, because a talker
 * decides how long its spurt lasts: one value kept per frame grew without bound and was sorted at
 * the spurt's end under the lock the network thread takes. Not thread-safe.
 */
final class LatencyRecord {
    /** The lowest latency told apart: a camera clock a second behind the viewer's. */
    static final int MIN_MILLIS = -1_000;
    /** The highest latency told apart. */
    static final int MAX_MILLIS = 10_000;

    private final long[] counts = new long[MAX_MILLIS - MIN_MILLIS + 1];
    private long size;

    void add(long micros) {
        long millis = Math.clamp(Math.round(micros / 1000.0), MIN_MILLIS, MAX_MILLIS);
        counts[(int) (millis - MIN_MILLIS)]++;
        size++;
    }

    /** The {@code p} percentile (nearest rank) in milliseconds, rounded; -1 when empty. */
    long percentileMillis(double p) {
        if (size == 0) {
            return -1;
        }
        long rank = Math.max(1, (long) Math.ceil(p * size));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return i + MIN_MILLIS;
            }
        }
        return MAX_MILLIS;
    }

    void clear() {
        if (size > 0) {
            Arrays.fill(counts, 0);
            size = 0;
        }
    }
}
