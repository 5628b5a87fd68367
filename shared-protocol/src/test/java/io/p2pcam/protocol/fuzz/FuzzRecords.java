package io.p2pcam.protocol.fuzz;

import java.util.Arrays;

/**
 * A fuzz input read as a run of records, so that seeds can be written by hand: each record is
 * {@code kind(1) length(2, big-endian) bytes(length) advanceMillis(2)}; a short last record takes
 * what is left. Not thread-safe.
 */
final class FuzzRecords {
    /** One record: what to do, with which bytes, and how far the clock moves after it. */
    record Entry(int kind, byte[] bytes, int advanceMillis) {}

    private final byte[] input;
    private int at;

    FuzzRecords(byte[] input) {
        this.input = input;
    }

    /** The next record, or null at the end. */
    Entry next() {
        if (at >= input.length) {
            return null;
        }
        int kind = input[at++] & 0xff;
        int length = Math.min(u16(), input.length - at);
        byte[] bytes = Arrays.copyOfRange(input, at, at + length);
        at += length;
        return new Entry(kind, bytes, u16());
    }

    private int u16() {
        int value = 0;
        for (int i = 0; i < 2; i++) {
            value = value << 8 | (at < input.length ? input[at++] & 0xff : 0);
        }
        return value;
    }

    /** Encodes records as {@link #next()} reads them: for writing seeds. */
    static byte[] encode(Entry... entries) {
        byte[] out = new byte[0];
        for (Entry entry : entries) {
            int start = out.length;
            out = Arrays.copyOf(out, start + 5 + entry.bytes().length);
            out[start] = (byte) entry.kind();
            out[start + 1] = (byte) (entry.bytes().length >>> 8);
            out[start + 2] = (byte) entry.bytes().length;
            System.arraycopy(entry.bytes(), 0, out, start + 3, entry.bytes().length);
            out[out.length - 2] = (byte) (entry.advanceMillis() >>> 8);
            out[out.length - 1] = (byte) entry.advanceMillis();
        }
        return out;
    }
}
