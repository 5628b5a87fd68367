package io.p2pcam.protocol.pairing;

import java.time.Instant;

/**
 * TAI64N timestamps (cr.yp.to/libtai/tai64.html), as WireGuard puts in its first handshake message:
 * 8 bytes of seconds with the label 2^62 + 10 added, then 4 bytes of nanoseconds, both big-endian.
 * Like WireGuard we add the constant offset and ignore leap seconds: the value only has to grow.
 * In memory a timestamp is nanoseconds since the Unix epoch (a {@code long}, good until 2262).
 */
public final class Tai64n {
    public static final int BYTES = 12;
    private static final long LABEL = 0x400000000000000aL;
    private static final long NANOS = 1_000_000_000L;

    private Tai64n() {}

    public static long epochNanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS), instant.getNano());
    }

    public static void write(long epochNanos, byte[] out, int at) {
        long seconds = Math.floorDiv(epochNanos, NANOS) + LABEL;
        long nanos = Math.floorMod(epochNanos, NANOS);
        for (int i = 0; i < 8; i++) {
            out[at + i] = (byte) (seconds >>> (56 - 8 * i));
        }
        for (int i = 0; i < 4; i++) {
            out[at + 8 + i] = (byte) (nanos >>> (24 - 8 * i));
        }
    }

    /**
     * The timestamp at {@code at}, or {@link Long#MIN_VALUE} when the bytes are not a TAI64N label
     * between 1970 and 2262 or the nanoseconds are out of range (a sender's bug or a forgery: stale).
     */
    public static long read(byte[] in, int at) {
        long seconds = 0;
        for (int i = 0; i < 8; i++) {
            seconds = seconds << 8 | (in[at + i] & 0xff);
        }
        long nanos = 0;
        for (int i = 0; i < 4; i++) {
            nanos = nanos << 8 | (in[at + 8 + i] & 0xff);
        }
        long unix = seconds - LABEL;
        if (unix < 0 || unix >= Long.MAX_VALUE / NANOS - 1 || nanos >= NANOS) {
            return Long.MIN_VALUE;
        }
        return unix * NANOS + nanos;
    }
}
