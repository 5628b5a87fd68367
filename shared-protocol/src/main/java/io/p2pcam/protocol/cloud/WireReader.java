package io.p2pcam.protocol.cloud;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Bounded big-endian reads over one datagram; running past its end is a {@code TRUNCATED} decode error. */
final class WireReader {
    private final byte[] data;
    private final int limit;
    private int position;

    WireReader(byte[] data, int offset, int length) {
        this.data = data;
        this.position = offset;
        this.limit = offset + length;
    }

    int remaining() {
        return limit - position;
    }

    int position() {
        return position;
    }

    private int need(int bytes, String field) throws CloudDecodeException {
        if (limit - position < bytes) {
            throw new CloudDecodeException(
                    CloudDecodeException.Reason.TRUNCATED,
                    field + " needs " + bytes + " bytes, " + (limit - position) + " left");
        }
        int at = position;
        position += bytes;
        return at;
    }

    /** The next byte without reading it; call only with {@link #remaining()} above 0. */
    int peekU8() {
        return data[position] & 0xff;
    }

    int u8(String field) throws CloudDecodeException {
        return data[need(1, field)] & 0xff;
    }

    int u16(String field) throws CloudDecodeException {
        int at = need(2, field);
        return (data[at] & 0xff) << 8 | data[at + 1] & 0xff;
    }

    int u32(String field) throws CloudDecodeException {
        int at = need(4, field);
        return (data[at] & 0xff) << 24 | (data[at + 1] & 0xff) << 16 | (data[at + 2] & 0xff) << 8 | data[at + 3] & 0xff;
    }

    long u64(String field) throws CloudDecodeException {
        return (long) u32(field) << 32 | u32(field) & 0xffffffffL;
    }

    /** Offset of {@code length} bytes just consumed, for callers that copy them out. */
    int skip(int length, String field) throws CloudDecodeException {
        return need(length, field);
    }

    byte[] array() {
        return data;
    }

    Bytes bytes(int length, String field) throws CloudDecodeException {
        return Bytes.of(data, need(length, field), length);
    }

    /** A u16 length then that many bytes, at most {@code max}. */
    Bytes blob(int max, String field) throws CloudDecodeException {
        int length = u16(field + " length");
        if (length > max) {
            throw new CloudDecodeException(
                    CloudDecodeException.Reason.BAD_FIELD, field + " of " + length + " bytes exceeds " + max);
        }
        return bytes(length, field);
    }

    /** A u8 count then that many candidates, at most {@code max}. */
    List<Candidate> candidates(int max, String field) throws CloudDecodeException {
        int count = u8(field + " count");
        if (count > max) {
            throw new CloudDecodeException(
                    CloudDecodeException.Reason.BAD_FIELD, count + " " + field + " exceed the limit of " + max);
        }
        List<Candidate> candidates = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            candidates.add(candidate(field));
        }
        return candidates;
    }

    Candidate candidate(String field) throws CloudDecodeException {
        Candidate.Kind kind = Candidate.Kind.fromCode(u8(field + " kind"));
        if (kind == null) {
            throw new CloudDecodeException(CloudDecodeException.Reason.BAD_FIELD, field + " has an unknown kind");
        }
        int family = u8(field + " family");
        int addressLength = switch (family) {
            case 4 -> 4;
            case 6 -> 16;
            default ->
                throw new CloudDecodeException(
                        CloudDecodeException.Reason.BAD_FIELD,
                        field + " has address family " + family + ", not 4 or 6");
        };
        int at = need(addressLength, field + " address");
        int port = u16(field + " port");
        if (port == 0) {
            throw new CloudDecodeException(CloudDecodeException.Reason.BAD_FIELD, field + " has port 0");
        }
        try {
            byte[] raw = Arrays.copyOfRange(data, at, at + addressLength);
            return new Candidate(kind, new InetSocketAddress(InetAddress.getByAddress(raw), port));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 and 16 bytes are always an address", e);
        }
    }
}
