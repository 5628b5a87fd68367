package io.p2pcam.protocol.cloud;

import java.util.Arrays;
import java.util.List;

/**
 * Big-endian writes into at most one datagram's worth of bytes; exceeding it is our bug, not the
 * peer's. The array starts small and doubles as needed (most cloud messages are under 128 bytes):
 * a reply costs the cloud an allocation of its own size, not of the largest datagram, which on a
 * flood of small requests was most of the cloud's allocation and a quarter of its CPU.
 */
final class WireWriter {
    /** Where the array starts: room for every fixed-size cloud message. */
    static final int INITIAL_BYTES = 128;

    private final int capacity;
    private byte[] data;
    private int position;

    WireWriter(int capacity) {
        this.capacity = capacity;
        this.data = new byte[Math.min(capacity, INITIAL_BYTES)];
    }

    /** Makes room for {@code more} bytes after the position; beyond the capacity is our bug. */
    private void ensure(int more) {
        int needed = position + more;
        if (needed <= data.length) {
            return;
        }
        if (needed > capacity) {
            throw new ArrayIndexOutOfBoundsException("message of " + needed + " bytes exceeds " + capacity);
        }
        data = Arrays.copyOf(data, Math.min(capacity, Math.max(needed, data.length * 2)));
    }

    /** Starts a new message at the start of the same array (a writer its thread reuses: {@link CloudCodec#encode}). */
    WireWriter reset() {
        position = 0;
        return this;
    }

    int position() {
        return position;
    }

    WireWriter u8(int value) {
        ensure(1);
        data[position++] = (byte) value;
        return this;
    }

    WireWriter u16(int value) {
        ensure(2);
        data[position++] = (byte) (value >>> 8);
        data[position++] = (byte) value;
        return this;
    }

    WireWriter u32(int value) {
        u16(value >>> 16);
        return u16(value);
    }

    WireWriter u64(long value) {
        u32((int) (value >>> 32));
        return u32((int) value);
    }

    WireWriter bytes(Bytes value) {
        ensure(value.length());
        value.copyTo(data, position);
        position += value.length();
        return this;
    }

    WireWriter raw(byte[] value) {
        ensure(value.length);
        System.arraycopy(value, 0, data, position, value.length);
        position += value.length;
        return this;
    }

    WireWriter blob(Bytes value) {
        return u16(value.length()).bytes(value);
    }

    WireWriter candidates(List<Candidate> candidates) {
        u8(candidates.size());
        candidates.forEach(this::candidate);
        return this;
    }

    WireWriter candidate(Candidate candidate) {
        byte[] address = candidate.ip().getAddress();
        return u8(candidate.kind().code())
                .u8(address.length == 4 ? 4 : 6)
                .raw(address)
                .u16(candidate.address().getPort());
    }

    /** Zero bytes up to {@code length} in all (anti-amplification padding). */
    WireWriter padTo(int length) {
        if (length > position) {
            ensure(length - position);
            Arrays.fill(data, position, length, (byte) 0); // a reused array still holds the last message
            position = length;
        }
        return this;
    }

    byte[] toArray() {
        return Arrays.copyOf(data, position);
    }
}
