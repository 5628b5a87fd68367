package io.p2pcam.protocol.cloud;

import java.util.Arrays;
import java.util.List;

/** Big-endian writes into one datagram's worth of bytes; exceeding it is our bug, not the peer's. */
final class WireWriter {
    private final byte[] data;
    private int position;

    WireWriter(int capacity) {
        this.data = new byte[capacity];
    }

    int position() {
        return position;
    }

    WireWriter u8(int value) {
        data[position++] = (byte) value;
        return this;
    }

    WireWriter u16(int value) {
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
        value.copyTo(data, position);
        position += value.length();
        return this;
    }

    WireWriter raw(byte[] value) {
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
        position = Math.max(position, length);
        return this;
    }

    byte[] toArray() {
        return Arrays.copyOf(data, position);
    }
}
