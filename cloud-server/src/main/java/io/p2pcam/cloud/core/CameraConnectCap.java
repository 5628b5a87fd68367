package io.p2pcam.cloud.core;

import io.p2pcam.protocol.hash.SeededHash;
import io.p2pcam.protocol.identity.CameraId;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Caps the CONNECT_FORWARDs one camera receives (docs/PROTOCOL.md §5.3): a token bucket per camera
 * ID, {@value #BURST} at once then {@value #PER_SECOND} a second, whatever the viewers' sources.
 * The per-source request limit (§6.1) does not stop a flood from many sources aimed at one camera;
 * this does, so a camera's handshake budget (§10.1) is spent on at most this many requests. An
 * honest viewer whose request is capped retransmits it (§5.4) and gets through on a later try.
 *
 * <p>A bucket that has filled up again carries no information (a new one starts full), so each
 * forward forgets the refilled buckets among the next {@value #SWEEP_PER_FORWARD} slots of a
 * sweep: the table holds about the cameras forwarded to in the last {@code BURST / PER_SECOND}
 * seconds, not every camera ever asked for. It tracks at most {@value #MAX_CAMERAS} cameras; past
 * that a bucket still refilling is forgotten (that camera gets at worst one extra burst, as with
 * the least-recently-used map this replaced).
 *
 * <p>Buckets live in parallel primitive arrays, open addressing keyed by the ID's first and last
 * eight bytes (together the whole 15-byte ID) under a seeded mix: a forward allocates nothing that
 * outlives it, and the young collector has no object per camera to copy (docs/decisions/0038).
 * Not thread-safe.
 */
final class CameraConnectCap {
    static final int BURST = 100;
    static final int PER_SECOND = 50;
    static final int MAX_CAMERAS = 100_000;
    /** Slots the sweep looks at per forward: twice what one forward can add, so it keeps up. */
    static final int SWEEP_PER_FORWARD = 2;

    private static final int INITIAL_SLOTS = 1024;
    private static final VarHandle LONG_IN_ARRAY =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final long hashSeed;
    private final byte[] id = new byte[CameraId.BYTES];
    private long[] heads = new long[INITIAL_SLOTS];
    private long[] tails = new long[INITIAL_SLOTS];
    private boolean[] used = new boolean[INITIAL_SLOTS];
    /** Tokens left at {@link #updatedAt}. */
    private double[] tokens = new double[INITIAL_SLOTS];

    private long[] updatedAt = new long[INITIAL_SLOTS];
    private int size;
    private int sweepCursor;

    /** @param hashSeed keeps chosen IDs from being ground into one long probe run */
    CameraConnectCap(long hashSeed) {
        this.hashSeed = hashSeed;
    }

    CameraConnectCap() {
        this(new java.security.SecureRandom().nextLong());
    }

    /** Takes a token for a forward to {@code camera}; false when the camera has had its share for now. */
    boolean tryForward(CameraId camera, long now) {
        forgetRefilled(now, SWEEP_PER_FORWARD);
        camera.copyTo(id, 0);
        long head = (long) LONG_IN_ARRAY.get(id, 0);
        long tail = (long) LONG_IN_ARRAY.get(id, CameraId.BYTES - Long.BYTES);
        int slot = find(head, tail);
        if (slot < 0) {
            if (size >= MAX_CAMERAS) {
                forgetOne();
            }
            slot = add(head, tail);
            tokens[slot] = BURST;
            updatedAt[slot] = now;
        }
        double bucket = Math.min(BURST, tokens[slot] + (now - updatedAt[slot]) * PER_SECOND / 1000.0);
        updatedAt[slot] = now;
        if (bucket < 1) {
            tokens[slot] = bucket;
            return false;
        }
        tokens[slot] = bucket - 1;
        return true;
    }

    /** Cameras with a bucket still refilling (or not yet forgotten by the sweep). */
    int size() {
        return size;
    }

    /**
     * Forgets the refilled buckets among the next {@code slots} slots of the sweep. A removal may
     * move a later entry into the slot just looked at, so that slot is looked at again (and counts
     * as another of the {@code slots}: one call stays short whatever the table holds).
     */
    void forgetRefilled(long now, int slots) {
        for (int n = 0; n < slots; n++) {
            if (sweepCursor >= heads.length) {
                sweepCursor = 0;
            }
            int slot = sweepCursor;
            if (used[slot] && tokens[slot] + (now - updatedAt[slot]) * PER_SECOND / 1000.0 >= BURST) {
                removeAt(slot);
            } else {
                sweepCursor++;
            }
        }
    }

    /** The table is full of buckets still refilling: the first one from the sweep's cursor goes. */
    private void forgetOne() {
        int slot = sweepCursor & (heads.length - 1);
        while (!used[slot]) {
            slot = (slot + 1) & (heads.length - 1);
        }
        removeAt(slot);
    }

    private int find(long head, long tail) {
        int mask = heads.length - 1;
        for (int slot = home(head, mask); used[slot]; slot = (slot + 1) & mask) {
            if (heads[slot] == head && tails[slot] == tail) {
                return slot;
            }
        }
        return -1;
    }

    private int add(long head, long tail) {
        if (2 * (size + 1) > heads.length) {
            grow();
        }
        int mask = heads.length - 1;
        int slot = home(head, mask);
        while (used[slot]) {
            slot = (slot + 1) & mask;
        }
        used[slot] = true;
        heads[slot] = head;
        tails[slot] = tail;
        size++;
        return slot;
    }

    /** Linear-probing deletion by backward shift (no tombstones), as {@link SourceBuckets} does. */
    private void removeAt(int slot) {
        int mask = heads.length - 1;
        int hole = slot;
        for (int next = (slot + 1) & mask; used[next]; next = (next + 1) & mask) {
            int home = home(heads[next], mask);
            if (((next - home) & mask) >= ((next - hole) & mask)) {
                heads[hole] = heads[next];
                tails[hole] = tails[next];
                tokens[hole] = tokens[next];
                updatedAt[hole] = updatedAt[next];
                hole = next;
            }
        }
        used[hole] = false;
        size--;
    }

    private void grow() {
        long[] oldHeads = heads;
        long[] oldTails = tails;
        boolean[] oldUsed = used;
        double[] oldTokens = tokens;
        long[] oldUpdatedAt = updatedAt;
        int slots = oldHeads.length * 2;
        heads = new long[slots];
        tails = new long[slots];
        used = new boolean[slots];
        tokens = new double[slots];
        updatedAt = new long[slots];
        size = 0;
        for (int old = 0; old < oldHeads.length; old++) {
            if (oldUsed[old]) {
                int slot = add(oldHeads[old], oldTails[old]);
                tokens[slot] = oldTokens[old];
                updatedAt[slot] = oldUpdatedAt[old];
            }
        }
    }

    private int home(long head, int mask) {
        return (int) SeededHash.mix(head ^ hashSeed) & mask;
    }
}
