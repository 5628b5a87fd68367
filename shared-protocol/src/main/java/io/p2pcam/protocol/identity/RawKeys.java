package io.p2pcam.protocol.identity;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Converts between the JDK's Ed25519/X25519 key objects and the raw 32-byte forms of RFC 8032 and
 * RFC 7748 that travel on the wire. The JDK's X.509 encoding of these keys is a fixed 12-byte
 * header (RFC 8410 §4) followed by the raw key, so the conversion is a prefix, not a parse.
 */
public final class RawKeys {
    public static final int KEY_BYTES = 32;
    private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final byte[] X25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b656e032100");

    /** The two algorithms a camera uses: signatures (registration) and key agreement (sessions). */
    public enum Algorithm {
        ED25519("Ed25519", ED25519_SPKI_PREFIX),
        X25519("X25519", X25519_SPKI_PREFIX);

        final String jdkName;
        final byte[] spkiPrefix;

        Algorithm(String jdkName, byte[] spkiPrefix) {
            this.jdkName = jdkName;
            this.spkiPrefix = spkiPrefix;
        }
    }

    private RawKeys() {}

    public static byte[] rawPublic(PublicKey key) {
        byte[] encoded = key.getEncoded();
        return Arrays.copyOfRange(encoded, encoded.length - KEY_BYTES, encoded.length);
    }

    public static PublicKey publicKey(Algorithm algorithm, byte[] raw) throws InvalidKeyException {
        if (raw.length != KEY_BYTES) {
            throw new InvalidKeyException("a raw " + algorithm.jdkName + " key has 32 bytes, not " + raw.length);
        }
        byte[] spki = Arrays.copyOf(algorithm.spkiPrefix, algorithm.spkiPrefix.length + KEY_BYTES);
        System.arraycopy(raw, 0, spki, algorithm.spkiPrefix.length, KEY_BYTES);
        try {
            return KeyFactory.getInstance(algorithm.jdkName).generatePublic(new X509EncodedKeySpec(spki));
        } catch (InvalidKeySpecException e) {
            throw new InvalidKeyException("not a valid " + algorithm.jdkName + " public key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Java runtime lacks " + algorithm.jdkName, e);
        }
    }

    /** A private key from its PKCS#8 encoding, as {@link PrivateKey#getEncoded()} writes it. */
    public static PrivateKey privateKey(Algorithm algorithm, byte[] pkcs8) throws InvalidKeyException {
        try {
            return KeyFactory.getInstance(algorithm.jdkName).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (InvalidKeySpecException e) {
            throw new InvalidKeyException("not a valid " + algorithm.jdkName + " private key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Java runtime lacks " + algorithm.jdkName, e);
        }
    }
}
