package io.p2pcam.cloud.core;

import java.util.Arrays;

/**
 * The registration cookies already spent on a signature check, so that each cookie buys at most
 * one (docs/PROTOCOL.md §4.2). A cookie is remembered only while it could still be valid: cookies
 * are filed by issue time into windows one challenge lifetime long, and only the current and the
 * previous window are kept, so memory follows the rate of signature checks (bounded by the
 * verification budget) times the lifetime, never the number of cameras.
 *
 * <p>Each window is an open-addressing set of 64-bit keys (64 bits of the cookie's MAC: a chance
 * collision needs about 2^32 cookies in one window). A window holds at most {@code maxPerWindow}
 * keys; past that {@link #spend} refuses, and the caller drops the registration as busy. Not
 * thread-safe.
 */
final class SeenCookies {
    private static final int INITIAL_CAPACITY = 1024;

    private final long windowMillis;
    private final int maxPerWindow;
    private long currentWindow = Long.MIN_VALUE;
    private LongSet current = new LongSet();
    private LongSet previous = new LongSet();

    SeenCookies(long lifetimeMillis, int maxPerWindow) {
        this.windowMillis = Math.max(1, lifetimeMillis);
        this.maxPerWindow = maxPerWindow;
    }

    enum Verdict {
        /** First use: the cookie is now spent. */
        FIRST_USE,
        /** Spent before. */
        SPENT,
        /** Not remembered, and no room to remember it. */
        FULL
    }

    /** Marks the cookie issued at {@code issuedAt} with {@code key} as spent, if it was not. */
    Verdict spend(long key, long issuedAt, long now) {
        rotate(now);
        long window = Math.floorDiv(issuedAt, windowMillis);
        LongSet set = window >= currentWindow ? current : previous;
        if (current.contains(key) || previous.contains(key)) {
            return Verdict.SPENT;
        }
        if (set.size >= maxPerWindow) {
            return Verdict.FULL;
        }
        set.add(key);
        return Verdict.FIRST_USE;
    }

    /** Whether the cookie with {@code key} has been spent (within the last two windows). */
    boolean spent(long key, long now) {
        rotate(now);
        return current.contains(key) || previous.contains(key);
    }

    int size() {
        return current.size + previous.size;
    }

    private void rotate(long now) {
        long window = Math.floorDiv(now, windowMillis);
        if (window == currentWindow) {
            return;
        }
        previous = window == currentWindow + 1 ? current : new LongSet();
        current = new LongSet();
        currentWindow = window;
    }

    /** Linear probing over a power-of-two array; 0 marks an empty cell, so key 0 is stored as 1. */
    private static final class LongSet {
        long[] cells = new long[INITIAL_CAPACITY];
        int size;

        boolean contains(long key) {
            long k = key == 0 ? 1 : key;
            int mask = cells.length - 1;
            for (int i = mix(k) & mask; ; i = (i + 1) & mask) {
                if (cells[i] == 0) {
                    return false;
                }
                if (cells[i] == k) {
                    return true;
                }
            }
        }

        void add(long key) {
            if ((size + 1) * 2 > cells.length) {
                long[] old = cells;
                cells = new long[old.length * 2];
                Arrays.stream(old).filter(k -> k != 0).forEach(this::insert);
            }
            insert(key == 0 ? 1 : key);
            size++;
        }

        private void insert(long k) {
            int mask = cells.length - 1;
            int i = mix(k) & mask;
            while (cells[i] != 0) {
                i = (i + 1) & mask;
            }
            cells[i] = k;
        }

        /** The keys are MAC bits (uniform), but a cheap mix keeps a bad key choice from clustering. */
        private static int mix(long k) {
            long h = k * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32));
        }
    }
}
