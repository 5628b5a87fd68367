package io.p2pcam.protocol.hash;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Hash codes for keys a sender chooses. A public hash (Arrays.hashCode, a record's) lets a sender
 * write thousands of keys with one hash code, and a HashMap searches a bin of equal hash codes
 * whose keys have no order key by key: every lookup in a table the sender filled then walks all
 * of it (docs/BENCHMARKS.md, "Hash flooding"). These mixes run under a secret seed drawn once per
 * process, so equal keys still hash equally within the process, and a sender cannot aim.
 */
public final class SeededHash {
    private static final long SEED = new java.security.SecureRandom().nextLong();
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private SeededHash() {}

    /** This process's secret seed mixed with {@code word}: the start of a chain of {@link #mix}es. */
    public static long seeded(long word) {
        return mix(SEED ^ word);
    }

    /**
     * MurmurHash3's 64-bit finalizer (fmix64): every input bit flips each output bit with
     * probability about one half. Unseeded: callers start from {@link #seeded} or a seed of theirs.
     */
    public static long mix(long word) {
        long h = (word ^ (word >>> 33)) * 0xff51afd7ed558ccdL;
        h = (h ^ (h >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    /** A hash code of {@code bytes}' content and length under this process's seed. */
    public static int of(byte[] bytes) {
        long h = seeded(bytes.length);
        int at = 0;
        for (; at + Long.BYTES <= bytes.length; at += Long.BYTES) {
            h = mix(h ^ (long) LONG.get(bytes, at));
        }
        if (at < bytes.length) {
            long tail = 0;
            for (int i = bytes.length - 1; i >= at; i--) {
                tail = tail << 8 | bytes[i] & 0xff;
            }
            h = mix(h ^ tail);
        }
        return (int) h;
    }
}
