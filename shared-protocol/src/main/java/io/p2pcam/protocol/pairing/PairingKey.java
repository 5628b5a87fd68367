package io.p2pcam.protocol.pairing;

import io.p2pcam.protocol.noise.KeyPair;
import io.p2pcam.protocol.noise.NoiseException;
import io.p2pcam.protocol.noise.X25519;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret a viewer and a camera share once they are paired, and the tag it puts on a paired
 * viewer's first message (docs/PROTOCOL.md §10.1): {@code K = HMAC-SHA256("p2pcam pairing v1",
 * X25519(viewer static, camera static))}, and {@code tag = first 16 bytes of HMAC-SHA256(K, blob
 * without its tag field)}. Only the holder of the viewer's private key and the camera can compute
 * K; the camera checks a tag with one HMAC per paired viewer, before any X25519 work.
 */
public final class PairingKey {
    public static final int TAG_BYTES = 16;
    private static final byte[] LABEL = "p2pcam pairing v1".getBytes(StandardCharsets.US_ASCII);
    private static final String HMAC = "HmacSHA256";

    private PairingKey() {}

    /** K between our key pair and the peer's X25519 public key (the same on both sides). */
    public static byte[] derive(KeyPair local, byte[] remotePublicKey) throws NoiseException {
        return hmac(LABEL, X25519.dh(local, remotePublicKey));
    }

    /** The tag of {@code blob} (a handshake envelope) under K: over all of it except the tag field. */
    public static byte[] tag(byte[] key, byte[] blob) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            mac.update(blob, 0, HandshakeEnvelope.TAG_OFFSET);
            int rest = HandshakeEnvelope.TAG_OFFSET + TAG_BYTES;
            mac.update(blob, rest, blob.length - rest);
            return Arrays.copyOf(mac.doFinal(), TAG_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + HMAC, e);
        }
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
