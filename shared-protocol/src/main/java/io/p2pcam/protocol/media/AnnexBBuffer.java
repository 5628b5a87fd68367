package io.p2pcam.protocol.media;

import java.util.Arrays;

/**
 * The bytes of one access unit being rebuilt, growing by doubling up to a fixed limit and reused
 * from one access unit to the next. Not thread-safe.
 */
final class AnnexBBuffer {

    private static final int INITIAL_CAPACITY = 64 * 1024;

    private final int limit;
    private byte[] bytes;
    private int length;

    AnnexBBuffer(int limit) {
        this.limit = limit;
        this.bytes = new byte[Math.min(INITIAL_CAPACITY, limit)];
    }

    /** Appends, or returns false and appends nothing if the limit would be exceeded. */
    boolean write(byte[] source, int offset, int count) {
        if (count > limit - length) {
            return false;
        }
        ensureCapacity(length + count);
        System.arraycopy(source, offset, bytes, length, count);
        length += count;
        return true;
    }

    /** Appends one byte, or returns false if the limit is reached. */
    boolean write(byte value) {
        if (length == limit) {
            return false;
        }
        ensureCapacity(length + 1);
        bytes[length++] = value;
        return true;
    }

    /** A copy of the bytes written since the last {@link #clear()}. */
    byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    boolean isEmpty() {
        return length == 0;
    }

    void clear() {
        length = 0;
    }

    private void ensureCapacity(int needed) {
        if (needed > bytes.length) {
            bytes = Arrays.copyOf(bytes, (int) Math.min(limit, Math.max(2L * bytes.length, needed)));
        }
    }
}
