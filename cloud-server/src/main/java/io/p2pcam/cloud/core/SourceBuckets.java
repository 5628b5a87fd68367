package io.p2pcam.cloud.core;

import io.p2pcam.protocol.hash.SeededHash;

/**
 * The token buckets of a {@link SourceRateLimiter}, keyed by party key ({@link Party#key}): open
 * addressing with linear probing over parallel primitive arrays. Every request the cloud admits
 * looks its source up here, so the lookup neither boxes the key nor follows a node, as a
 * {@code HashMap<Long, Bucket>} did (issue 13 §5: the cost of a stateless request). Removal
 * shifts the rest of a probe run back (no tombstones), so lookups stay short after sources are
 * forgotten. Keys are homed by a mix under a secret seed ({@link SeededHash}): sources are the
 * sender's choice, spoofed ones included. Grows by doubling at half full; never shrinks. Not
 * thread-safe.
 *
 * <p>A slot number returned by {@link #find} or {@link #add} is valid until the next
 * {@link #add} or {@link #removeRefilled}.
 */
final class SourceBuckets {
    private static final int INITIAL_SLOTS = 64;

    private long[] keys = new long[INITIAL_SLOTS];
    private boolean[] used = new boolean[INITIAL_SLOTS];
    /** Tokens left at {@link #updatedAt}. */
    double[] tokens = new double[INITIAL_SLOTS];

    long[] updatedAt = new long[INITIAL_SLOTS];
    long[] lastRefusalReportedAt = new long[INITIAL_SLOTS];
    private int size;
    private final long hashSeed;

    /** @param hashSeed keeps sources chosen by a flood (spoofed, or a /48's /64s) off one probe run */
    SourceBuckets(long hashSeed) {
        this.hashSeed = hashSeed;
    }

    int size() {
        return size;
    }

    /** The slot of {@code key}'s bucket, or -1 when it has none. */
    int find(long key) {
        int mask = keys.length - 1;
        for (int slot = home(key, mask); used[slot]; slot = (slot + 1) & mask) {
            if (keys[slot] == key) {
                return slot;
            }
        }
        return -1;
    }

    /** The farthest any bucket lies from its home slot: the longest walk a lookup may take. */
    int longestProbe() {
        int mask = keys.length - 1;
        int longest = 0;
        for (int slot = 0; slot < keys.length; slot++) {
            if (used[slot]) {
                longest = Math.max(longest, (slot - home(keys[slot], mask)) & mask);
            }
        }
        return longest;
    }

    /** Adds a bucket for {@code key} (which has none) and returns its slot; the caller fills it in. */
    int add(long key) {
        if (2 * (size + 1) > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        int slot = home(key, mask);
        while (used[slot]) {
            slot = (slot + 1) & mask;
        }
        used[slot] = true;
        keys[slot] = key;
        size++;
        return slot;
    }

    /**
     * Forgets every bucket that would be full again by {@code now} at {@code perMilli} tokens a
     * millisecond up to {@code burst} (it carries no information).
     *
     * @return how many were forgotten
     */
    int removeRefilled(long now, double perMilli, double burst) {
        int before = size;
        int slot = 0;
        while (slot < keys.length) {
            if (used[slot] && tokens[slot] + (now - updatedAt[slot]) * perMilli >= burst) {
                removeAt(slot); // a later entry may have moved into this slot: look at it again
            } else {
                slot++;
            }
        }
        return before - size;
    }

    /**
     * Empties {@code slot} and moves back each later entry of its probe run that may live there
     * (its home is not between the hole and itself), so that {@link #find} never meets a gap
     * before an entry. An entry that wraps past the end may land in a slot already visited by
     * {@link #removeRefilled}: it is then looked at twice, with the same answer.
     */
    private void removeAt(int slot) {
        int mask = keys.length - 1;
        int hole = slot;
        for (int next = (slot + 1) & mask; used[next]; next = (next + 1) & mask) {
            int home = home(keys[next], mask);
            if (((next - home) & mask) >= ((next - hole) & mask)) {
                move(next, hole);
                hole = next;
            }
        }
        used[hole] = false;
        size--;
    }

    private void move(int from, int to) {
        keys[to] = keys[from];
        tokens[to] = tokens[from];
        updatedAt[to] = updatedAt[from];
        lastRefusalReportedAt[to] = lastRefusalReportedAt[from];
    }

    private void grow() {
        long[] oldKeys = keys;
        boolean[] oldUsed = used;
        double[] oldTokens = tokens;
        long[] oldUpdatedAt = updatedAt;
        long[] oldRefusals = lastRefusalReportedAt;
        int slots = oldKeys.length * 2;
        keys = new long[slots];
        used = new boolean[slots];
        tokens = new double[slots];
        updatedAt = new long[slots];
        lastRefusalReportedAt = new long[slots];
        size = 0;
        for (int old = 0; old < oldKeys.length; old++) {
            if (oldUsed[old]) {
                int slot = add(oldKeys[old]);
                tokens[slot] = oldTokens[old];
                updatedAt[slot] = oldUpdatedAt[old];
                lastRefusalReportedAt[slot] = oldRefusals[old];
            }
        }
    }

    /** Spreads keys over the table, keys a flood chose included (see {@link SeededHash}). */
    private int home(long key, int mask) {
        return (int) SeededHash.mix(key ^ hashSeed) & mask;
    }
}
