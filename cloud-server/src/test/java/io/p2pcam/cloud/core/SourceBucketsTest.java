package io.p2pcam.cloud.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rate limiter's bucket table: every bucket stays reachable through growth and removals. */
class SourceBucketsTest {
    private static final double PER_MILLI = 0.02; // 20 a second
    private static final double BURST = 60;

    /** Random keys, and keys that differ only in their top bits (IPv6 prefixes at one level). */
    private static Set<Long> keys(int count, long seed) {
        Random random = new Random(seed);
        Set<Long> keys = new LinkedHashSet<>();
        while (keys.size() < count) {
            keys.add(keys.size() % 2 == 0 ? random.nextLong() : (long) random.nextInt(4096) << 48);
        }
        return keys;
    }

    @Test
    void everyBucketIsFoundWithItsStateAfterTheTableGrew() {
        SourceBuckets buckets = new SourceBuckets();
        Set<Long> keys = keys(5000, 1);
        for (long key : keys) {
            assertThat(buckets.find(key)).isEqualTo(-1);
            int slot = buckets.add(key);
            buckets.tokens[slot] = key % 50;
            buckets.updatedAt[slot] = key;
        }
        assertThat(buckets.size()).isEqualTo(5000);
        for (long key : keys) {
            int slot = buckets.find(key);
            assertThat(slot).isNotNegative();
            assertThat(buckets.tokens[slot]).isEqualTo(key % 50);
            assertThat(buckets.updatedAt[slot]).isEqualTo(key);
        }
    }

    @Test
    void forgettingRefilledBucketsLeavesEveryOtherOneReachable() {
        SourceBuckets buckets = new SourceBuckets();
        long now = 1_000_000;
        Set<Long> keys = keys(4000, 2);
        Set<Long> busy = new LinkedHashSet<>();
        int i = 0;
        for (long key : keys) {
            int slot = buckets.add(key);
            boolean stillEmptying = i++ % 3 != 0;
            buckets.tokens[slot] = stillEmptying ? 0 : BURST - 1;
            buckets.updatedAt[slot] = stillEmptying ? now : now - 1000; // 20 tokens since: full again
            buckets.lastRefusalReportedAt[slot] = key;
            if (stillEmptying) {
                busy.add(key);
            }
        }

        int forgotten = buckets.removeRefilled(now, PER_MILLI, BURST);

        assertThat(forgotten).isEqualTo(keys.size() - busy.size());
        assertThat(buckets.size()).isEqualTo(busy.size());
        for (long key : keys) {
            int slot = buckets.find(key);
            if (busy.contains(key)) {
                assertThat(slot).as("kept %x", key).isNotNegative();
                assertThat(buckets.lastRefusalReportedAt[slot]).isEqualTo(key);
            } else {
                assertThat(slot).as("forgotten %x", key).isEqualTo(-1);
            }
        }
    }

    @Test
    void aKnownSourceIsAdmittedWithoutAllocating() {
        SourceRateLimiter limiter = new SourceRateLimiter(new CloudConfig.RateLimit(1e9, 1_000_000_000), 1000);
        long key = 0xFF00_0000_7F00_0001L; // 127.0.0.1: outside Long's cache of boxed values
        limiter.acquire(key, 0);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int allowed = 0;
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int request = 0; request < 10_000; request++) {
            if (limiter.acquire(key, request) == SourceRateLimiter.Verdict.ALLOWED) {
                allowed++;
            }
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(allowed).isEqualTo(10_000);
        // A boxed key was 16 bytes a request (160,000 here); the table allocates nothing once the source is in.
        assertThat(allocated).as("bytes allocated by 10,000 admissions").isLessThan(1_000);
    }
}
