package io.p2pcam.protocol.identity;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A camera's public identity: an Ed25519 key that signs its registrations with the cloud and an
 * X25519 key that is its static key in the end-to-end session handshake. On the wire it is the
 * two raw keys back to back, {@value #BYTES} bytes; its hash is the {@link CameraId}.
 * Immutable and thread-safe.
 */
public final class CameraPublicKey {
    public static final int BYTES = 2 * RawKeys.KEY_BYTES;

    private final byte[] signingKey;
    private final byte[] agreementKey;

    private CameraPublicKey(byte[] signingKey, byte[] agreementKey) {
        this.signingKey = signingKey;
        this.agreementKey = agreementKey;
    }

    /** Reads the {@value #BYTES}-byte wire form; any 64 bytes are accepted here, validity shows at use. */
    public static CameraPublicKey fromBytes(byte[] wire, int offset) {
        return new CameraPublicKey(
                Arrays.copyOfRange(wire, offset, offset + RawKeys.KEY_BYTES),
                Arrays.copyOfRange(wire, offset + RawKeys.KEY_BYTES, offset + BYTES));
    }

    static CameraPublicKey of(PublicKey signing, PublicKey agreement) {
        return new CameraPublicKey(RawKeys.rawPublic(signing), RawKeys.rawPublic(agreement));
    }

    /** The raw Ed25519 public key (a copy). */
    public byte[] signingKey() {
        return signingKey.clone();
    }

    /** The raw X25519 public key, the camera's static key in the session handshake (a copy). */
    public byte[] agreementKey() {
        return agreementKey.clone();
    }

    public CameraId id() {
        return CameraId.of(this);
    }

    public void copyTo(byte[] target, int offset) {
        System.arraycopy(signingKey, 0, target, offset, RawKeys.KEY_BYTES);
        System.arraycopy(agreementKey, 0, target, offset + RawKeys.KEY_BYTES, RawKeys.KEY_BYTES);
    }

    public byte[] toBytes() {
        byte[] wire = new byte[BYTES];
        copyTo(wire, 0);
        return wire;
    }

    /**
     * Whether {@code signature} is this camera's Ed25519 signature of {@code message}. A key that
     * is not a valid curve point, or a malformed signature, is simply "not verified".
     */
    public boolean verify(byte[] message, int offset, int length, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(RawKeys.publicKey(RawKeys.Algorithm.ED25519, signingKey));
            verifier.update(message, offset, length);
            return verifier.verify(signature);
        } catch (InvalidKeyException | SignatureException e) {
            return false;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Java runtime lacks Ed25519", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CameraPublicKey key
                && Arrays.equals(signingKey, key.signingKey)
                && Arrays.equals(agreementKey, key.agreementKey);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(signingKey) + Arrays.hashCode(agreementKey);
    }

    @Override
    public String toString() {
        return "CameraPublicKey[" + HexFormat.of().formatHex(signingKey, 0, 4) + "…]";
    }
}
