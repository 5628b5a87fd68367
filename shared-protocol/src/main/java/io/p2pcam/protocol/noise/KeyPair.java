package io.p2pcam.protocol.noise;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An X25519 key pair as Noise uses it (§4.1, §12.1): raw 32-byte keys, the public key being the
 * little-endian u-coordinate of RFC 7748. The arrays are copied in and out, so a {@code KeyPair} is
 * immutable. {@link #toString()} never shows the private key.
 *
 * @param privateKey the 32-byte scalar (clamped when used, per RFC 7748 §5)
 * @param publicKey  the matching 32-byte public key
 */
public record KeyPair(byte[] privateKey, byte[] publicKey) {

    public KeyPair {
        privateKey = copyOfKey(privateKey, "private");
        publicKey = copyOfKey(publicKey, "public");
    }

    /** A fresh key pair from {@code random} (Noise's GENERATE_KEYPAIR). */
    public static KeyPair generate(SecureRandom random) {
        return X25519.generateKeyPair(random);
    }

    /** The key pair whose private key is {@code privateKey}, its public key derived from it. */
    public static KeyPair fromPrivateKey(byte[] privateKey) {
        return new KeyPair(privateKey, X25519.publicKeyOf(privateKey));
    }

    @Override
    public byte[] privateKey() {
        return privateKey.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** Compares both keys in constant time. */
    @Override
    public boolean equals(Object other) {
        return other instanceof KeyPair that
                && MessageDigest.isEqual(privateKey, that.privateKey)
                && MessageDigest.isEqual(publicKey, that.publicKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        return "KeyPair[public=" + HexFormat.of().formatHex(publicKey) + "]";
    }

    private static byte[] copyOfKey(byte[] key, String which) {
        if (key == null || key.length != X25519.KEY_LENGTH) {
            throw new IllegalArgumentException("an X25519 " + which + " key has " + X25519.KEY_LENGTH + " bytes");
        }
        return key.clone();
    }
}
