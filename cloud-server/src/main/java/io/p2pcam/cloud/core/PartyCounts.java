package io.p2pcam.cloud.core;

import java.net.InetSocketAddress;

/**
 * How much each party ({@link Party}, at every level) holds of something: live registrations or
 * pending connects. A count-min sketch (Cormode and Muthukrishnan, 2005): {@value #ROWS} rows of
 * counters indexed by seeded hashes, the count of a key being the smallest of its counters. Memory
 * is fixed whatever the number of parties (a million cameras from a million addresses cost no
 * more), counts are never under-estimated, and over-estimates are rare and small while the total
 * stays well below the width; the seed keeps parties from choosing keys that collide. Adds and
 * removals must be paired exactly (every add of a key is later undone with the same key). Not
 * thread-safe.
 */
final class PartyCounts {
    private static final int ROWS = 4;

    private final int[][] counters;
    private final long[] seeds = new long[ROWS];
    private final int mask;

    /** @param widthBits log2 of the counters per row */
    PartyCounts(int widthBits, long seed) {
        counters = new int[ROWS][1 << widthBits];
        mask = (1 << widthBits) - 1;
        long s = seed;
        for (int row = 0; row < ROWS; row++) {
            s = s * 0x5DEECE66DL + 0xBL + row;
            seeds[row] = s | 1;
        }
    }

    /** Adds {@code delta} (±1) to every level of {@code source}'s party. */
    void add(InetSocketAddress source, int delta) {
        for (int level = 0; level < Party.LEVELS; level++) {
            if (Party.hasLevel(source, level)) {
                long key = Party.key(source, level);
                for (int row = 0; row < ROWS; row++) {
                    counters[row][index(key, row)] += delta;
                }
            }
        }
    }

    /** The count of {@code source}'s party at {@code level} (never less than the true count). */
    int count(InetSocketAddress source, int level) {
        long key = Party.key(source, level);
        int min = Integer.MAX_VALUE;
        for (int row = 0; row < ROWS; row++) {
            min = Math.min(min, counters[row][index(key, row)]);
        }
        return min;
    }

    /** Whether one more for {@code source} would take its party past a cap at any level. */
    boolean full(InetSocketAddress source, PartyCaps caps) {
        return caps.fullLevel(source, level -> count(source, level)) >= 0;
    }

    /** The largest of {@code source}'s counts relative to its caps, for choosing whom to evict. */
    double load(InetSocketAddress source, PartyCaps caps) {
        double load = 0;
        for (int level = 0; level < Party.LEVELS; level++) {
            if (Party.hasLevel(source, level)) {
                load = Math.max(load, count(source, level) / (double) caps.atLevel(level));
            }
        }
        return load;
    }

    private int index(long key, int row) {
        long h = (key ^ seeds[row]) * 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return (int) (h ^ (h >>> 29)) & mask;
    }
}
