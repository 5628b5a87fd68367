package io.p2pcam.cloud.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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
        SourceBuckets buckets = new SourceBuckets(new Random(1).nextLong());
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
        SourceBuckets buckets = new SourceBuckets(new Random(1).nextLong());
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

    /**
     * A flood from spoofed IPv4 sources picked so that a fixed, public hash sends them all to the
     * first 1/64 of the table: with that hash they formed one probe run of ~20,000 slots, every
     * new source's lookup walking it (~10,000 probes a datagram, the event loop's time spent on
     * the attacker's choice). The seed, secret and per table, leaves the attacker nothing to aim at.
     */
    @Test
    void sourcesChosenToCollideUnderAPublicHashDoNotFormALongProbeRun() {
        int tableSlots = 65_536; // where 20,000 buckets live (grown at half full)
        List<Long> chosen = new ArrayList<>();
        for (int address = 0x0A00_0000; chosen.size() < 20_000; address++) {
            long key = Party.key(new InetSocketAddress(ipv4(address), 9), 0);
            long mixed = key * 0x9E3779B97F4A7C15L; // the unseeded Fibonacci mix such a table might use
            if (((int) (mixed ^ (mixed >>> 32)) & (tableSlots - 1)) < tableSlots / 64) {
                chosen.add(key);
            }
        }
        SourceBuckets buckets = new SourceBuckets(new Random(3).nextLong());

        for (long key : chosen) {
            buckets.add(key);
        }

        assertThat(buckets.size()).isEqualTo(20_000);
        // Random keys at this load (0.31) give a longest run in the tens; the chosen ones gave ~19,000.
        assertThat(buckets.longestProbe()).isLessThan(200);
        assertThat(chosen).allSatisfy(key -> assertThat(buckets.find(key)).isNotNegative());
    }

    private static InetAddress ipv4(int address) {
        try {
            return InetAddress.getByAddress(
                    new byte[] {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address
                    });
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
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
