package io.p2pcam.protocol.cloud;

import io.p2pcam.protocol.hash.SeededHash;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable byte string with value equality, for the opaque fields of messages (cookies, tokens,
 * blobs); the equality is constant-time, since many of them are secrets.
 */
public final class Bytes {
    public static final Bytes EMPTY = new Bytes(new byte[0]);

    private final byte[] value;

    private Bytes(byte[] value) {
        this.value = value;
    }

    public static Bytes of(byte[] value) {
        return value.length == 0 ? EMPTY : new Bytes(value.clone());
    }

    public static Bytes of(byte[] source, int offset, int length) {
        return length == 0 ? EMPTY : new Bytes(Arrays.copyOfRange(source, offset, offset + length));
    }

    public int length() {
        return value.length;
    }

    public byte[] toArray() {
        return value.clone();
    }

    public void copyTo(byte[] target, int offset) {
        System.arraycopy(value, 0, target, offset, value.length);
    }

    /** Constant-time comparison, for secrets such as registration tokens. */
    public boolean equalsConstantTime(byte[] other, int offset, int length) {
        return length == value.length
                && MessageDigest.isEqual(value, Arrays.copyOfRange(other, offset, offset + length));
    }

    /**
     * Constant-time, as {@link #equalsConstantTime}: the fields this type carries are cookies,
     * tokens, tags and keys, and a record holding one compares it through this method (its
     * generated equals, {@code Objects.equals}, a map look-up), where no call-site rule sees it
     * (decision 0077). The time depends on {@code other}'s length and on nothing else.
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof Bytes bytes && MessageDigest.isEqual(bytes.value, value);
    }

    /** Under a secret seed ({@link SeededHash}): the fields are the sender's to choose. */
    @Override
    public int hashCode() {
        return SeededHash.of(value);
    }

    @Override
    public String toString() {
        return value.length <= 8
                ? HexFormat.of().formatHex(value)
                : HexFormat.of().formatHex(value, 0, 8) + "…(" + value.length + " bytes)";
    }
}
