package io.p2pcam.loadgen;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A log-linear histogram of latencies in microseconds, in the manner of HdrHistogram: values
 * below {@value #SUB_BUCKETS} are counted exactly; above, each power-of-two range is split into
 * {@value #SUB_BUCKETS} equal buckets, so a reported percentile is at most 1/{@value #SUB_BUCKETS}
 * (1.6 %) above the true value. Covers up to 2^{@value #MAX_EXPONENT} µs (about 12 days).
 *
 * <p>Thread-safe: any thread may {@link #record}; readers see a consistent-enough snapshot for a
 * report (counts are read one bucket at a time).
 */
final class LatencyHistogram {
    static final int SUB_BUCKETS = 64;
    private static final int SUB_BITS = 6;
    static final int MAX_EXPONENT = 40;
    private static final int BUCKETS = SUB_BUCKETS + (MAX_EXPONENT - SUB_BITS) * SUB_BUCKETS;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong max = new AtomicLong();

    void record(long micros) {
        long value = Math.max(0, micros);
        counts.incrementAndGet(bucketOf(value));
        total.incrementAndGet();
        max.accumulateAndGet(value, Math::max);
    }

    long count() {
        return total.get();
    }

    long max() {
        return max.get();
    }

    /**
     * The value at {@code percentile} (0–100): the highest value of the bucket that holds the
     * sample of that rank, capped at the largest value recorded; 0 when empty.
     */
    long percentile(double percentile) {
        long n = total.get();
        if (n == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(percentile / 100.0 * n));
        long seen = 0;
        for (int bucket = 0; bucket < BUCKETS; bucket++) {
            seen += counts.get(bucket);
            if (seen >= rank) {
                return Math.min(highestValueOf(bucket), max.get());
            }
        }
        return max.get();
    }

    static int bucketOf(long value) {
        if (value < SUB_BUCKETS) {
            return (int) value;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(value); // >= SUB_BITS
        if (exponent >= MAX_EXPONENT) {
            return BUCKETS - 1;
        }
        int sub = (int) ((value >>> (exponent - SUB_BITS)) & (SUB_BUCKETS - 1));
        return SUB_BUCKETS + (exponent - SUB_BITS) * SUB_BUCKETS + sub;
    }

    static long highestValueOf(int bucket) {
        if (bucket < SUB_BUCKETS) {
            return bucket;
        }
        int exponent = (bucket - SUB_BUCKETS) / SUB_BUCKETS + SUB_BITS;
        int sub = (bucket - SUB_BUCKETS) % SUB_BUCKETS;
        long width = 1L << (exponent - SUB_BITS);
        return (1L << exponent) + (sub + 1) * width - 1;
    }
}
