package io.p2pcam.protocol.noise;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Noise's HKDF (§4.3) over HMAC-SHA256: RFC 5869 with the chaining key as salt, empty info, and two or
 * three 32-byte outputs. Stateless.
 */
final class Hkdf {

    static final int HASH_LENGTH = 32;

    private static final String HMAC = "HmacSHA256";

    private Hkdf() {}

    /**
     * HKDF(chaining_key, input_key_material, num_outputs).
     *
     * @param outputs 2 or 3
     * @return {@code outputs} arrays of {@link #HASH_LENGTH} bytes
     */
    static byte[][] derive(byte[] chainingKey, byte[] inputKeyMaterial, int outputs) {
        if (outputs != 2 && outputs != 3) {
            throw new IllegalArgumentException("Noise's HKDF has 2 or 3 outputs, not " + outputs);
        }
        byte[] tempKey = hmac(chainingKey, inputKeyMaterial);
        byte[][] result = new byte[outputs][];
        byte[] previous = new byte[0];
        for (int i = 0; i < outputs; i++) {
            byte[] input = new byte[previous.length + 1];
            System.arraycopy(previous, 0, input, 0, previous.length);
            input[previous.length] = (byte) (i + 1);
            result[i] = hmac(tempKey, input);
            previous = result[i];
        }
        return result;
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + HMAC, e);
        }
    }
}
