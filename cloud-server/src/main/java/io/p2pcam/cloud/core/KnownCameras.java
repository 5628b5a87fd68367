package io.p2pcam.cloud.core;

import io.p2pcam.protocol.identity.CameraId;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Which camera IDs the cores of one node may hold, readable from every event loop: a counting
 * filter (two saturating 8-bit counters per ID) that each core's {@link RegistrationTable} updates
 * as IDs enter and leave it. {@link #mayHold} answering false means no core of this node holds the
 * ID, so a LOOKUP of it is answered UNAVAILABLE on the loop that read it, as its owner would have
 * answered, without the hand-over to the owner's loop (decision 0016); true means "perhaps": the
 * datagram goes to the owner as before. Only false positives are possible: an ID is counted before
 * its registration is visible and uncounted after it is gone, and a counter that ever reaches 255
 * stays there. A LOOKUP that races the registration of its ID may see either answer, as it may on
 * the owner's loop.
 *
 * <p>About 4 bytes per camera the node may hold (at least 4 counters per camera: a node holding its
 * --max-cameras still answers about 85 % of unknown IDs where they arrive, an emptier one more). Thread-safe: counters change with
 * atomic read-modify-writes and are read with acquire semantics.
 */
public final class KnownCameras {
    private static final VarHandle COUNTER = MethodHandles.arrayElementVarHandle(byte[].class);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final int SATURATED = 0xff;
    private static final int MIN_COUNTERS = 1 << 12;

    private final byte[] counters;
    private final int mask;
    private final long seed;

    /**
     * @param maxCameras registrations the node holds at most (all its cores together)
     * @param seed mixed into the hash, so that nobody outside can aim IDs at one counter
     */
    public KnownCameras(int maxCameras, long seed) {
        long wanted = Math.max(MIN_COUNTERS, 4L * maxCameras);
        int size = (int) Math.min(1 << 30, Long.highestOneBit(wanted - 1) << 1);
        this.counters = new byte[size];
        this.mask = size - 1;
        this.seed = seed;
    }

    /** Heap held by the counters. */
    public long footprintBytes() {
        return counters.length;
    }

    /** Whether some core may hold the ID at {@code offset} of {@code data} ({@link CameraId#BYTES} bytes). */
    public boolean mayHold(byte[] data, int offset) {
        long hash = hash(data, offset);
        return (byte) COUNTER.getAcquire(counters, first(hash)) != 0
                && (byte) COUNTER.getAcquire(counters, second(hash)) != 0;
    }

    /** An ID entered a core's table (that core's thread). */
    void added(byte[] id, int offset) {
        long hash = hash(id, offset);
        increment(first(hash));
        increment(second(hash));
    }

    /** An ID left a core's table (that core's thread). */
    void removed(byte[] id, int offset) {
        long hash = hash(id, offset);
        decrement(first(hash));
        decrement(second(hash));
    }

    private void increment(int at) {
        while (true) {
            byte now = (byte) COUNTER.getVolatile(counters, at);
            if ((now & 0xff) == SATURATED || COUNTER.compareAndSet(counters, at, now, (byte) (now + 1))) {
                return;
            }
        }
    }

    private void decrement(int at) {
        while (true) {
            byte now = (byte) COUNTER.getVolatile(counters, at);
            int value = now & 0xff;
            if (value == SATURATED || value == 0 || COUNTER.compareAndSet(counters, at, now, (byte) (value - 1))) {
                return;
            }
        }
    }

    private int first(long hash) {
        return (int) hash & mask;
    }

    private int second(long hash) {
        return (int) (hash >>> 32) & mask;
    }

    /** The ID's bytes (a SHA-256 output: its first 8 and its last 8) mixed with the seed. */
    private long hash(byte[] id, int offset) {
        long h = ((long) LONG.get(id, offset) ^ seed) * 0x9E3779B97F4A7C15L;
        h ^= (long) LONG.get(id, offset + CameraId.BYTES - Long.BYTES);
        h = (h ^ (h >>> 33)) * 0xff51afd7ed558ccdL;
        h = (h ^ (h >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }
}
