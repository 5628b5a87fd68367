package io.p2pcam.protocol.cloud;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * One direction's relay frame key (docs/PROTOCOL.md §7): the tag of a relay datagram is the first
 * {@value #TAG_BYTES} bytes of HMAC-SHA256 (RFC 2104) under the key, over every byte of the
 * datagram before the tag. The side that owns the key signs; the relay verifies. The peer on the
 * other side neither has nor needs it: the session packet inside is sealed end to end.
 *
 * <p>Not thread-safe (it holds a {@link Mac} and a scratch buffer): one per side, used by the
 * thread that owns that side.
 */
public final class RelayKey {
    public static final int TAG_BYTES = 16;
    private static final String ALGORITHM = "HmacSHA256";

    private final Mac mac;
    private final byte[] scratch = new byte[32];

    public RelayKey(Bytes key) {
        if (key.length() != RelayGrant.KEY_BYTES) {
            throw new IllegalArgumentException("a relay key has " + RelayGrant.KEY_BYTES + " bytes");
        }
        try {
            mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key.toArray(), ALGORITHM));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every Java 25 runtime has HmacSHA256", e);
        }
    }

    /** Writes the tag of {@code data[offset, offset+length)} at {@code data[offset+length]}. */
    public void sign(byte[] data, int offset, int length) {
        compute(data, offset, length);
        System.arraycopy(scratch, 0, data, offset + length, TAG_BYTES);
    }

    /**
     * Whether the last {@value #TAG_BYTES} bytes of {@code data[offset, offset+length)} are the tag
     * of the bytes before them; compared in constant time.
     */
    public boolean verify(byte[] data, int offset, int length) {
        int signed = length - TAG_BYTES;
        if (signed < 0) {
            return false;
        }
        compute(data, offset, signed);
        int difference = 0;
        for (int i = 0; i < TAG_BYTES; i++) {
            difference |= scratch[i] ^ data[offset + signed + i];
        }
        return difference == 0;
    }

    private void compute(byte[] data, int offset, int length) {
        mac.update(data, offset, length);
        try {
            mac.doFinal(scratch, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException("the scratch buffer holds a SHA-256 output", e);
        }
    }
}
