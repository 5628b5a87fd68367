package io.p2pcam.camera.audio;

import java.util.Arrays;

/** Latencies in microseconds, for percentiles in whole milliseconds. Not thread-safe. */
final class LatencyRecord {
    private long[] values = new long[256];
    private int size;

    void add(long micros) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = micros;
    }

    /** The {@code p} percentile (nearest rank) in milliseconds, rounded; -1 when empty. */
    long percentileMillis(double p) {
        if (size == 0) {
            return -1;
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        return Math.round(sorted[Math.max(0, (int) Math.ceil(p * size) - 1)] / 1000.0);
    }

    void clear() {
        size = 0;
    }
}
