package io.p2pcam.protocol.pairing;

import io.p2pcam.protocol.cloud.Bytes;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The handshake blob a viewer puts in CONNECT_REQUEST (docs/PROTOCOL.md §10.1):
 *
 * <pre>
 *  0                12                 28
 * +----------------+------------------+-----------------------------+
 * | TAI64N (12)    | pairing tag (16) | Noise IK message 1          |
 * +----------------+------------------+-----------------------------+
 * </pre>
 *
 * The timestamp is in the clear so that the camera can refuse a stale or replayed message before
 * any X25519 work, and it is authenticated: it is part of the Noise prologue. The tag is
 * {@link PairingKey#tag} for a viewer that believes it is paired, 16 random bytes otherwise.
 */
public record HandshakeEnvelope(long timestampNanos, Bytes tag, Bytes noiseMessage) {
    public static final int TIMESTAMP_OFFSET = 0;
    public static final int TAG_OFFSET = Tai64n.BYTES;
    public static final int NOISE_OFFSET = TAG_OFFSET + PairingKey.TAG_BYTES;
    /** IK message 1 with an empty payload: e (32), s sealed (48), the payload's tag (16). */
    public static final int MIN_NOISE_BYTES = 32 + 48 + 16;

    /** The envelope in {@code blob}, or null when it is too short to be one (garbage: dropped). */
    public static HandshakeEnvelope decode(byte[] blob) {
        if (blob.length < NOISE_OFFSET + MIN_NOISE_BYTES) {
            return null;
        }
        return new HandshakeEnvelope(
                Tai64n.read(blob, TIMESTAMP_OFFSET),
                Bytes.of(blob, TAG_OFFSET, PairingKey.TAG_BYTES),
                Bytes.of(blob, NOISE_OFFSET, blob.length - NOISE_OFFSET));
    }

    /** Lays out a blob around {@code noiseMessage}, tagged with {@code pairingKey} or with {@code randomTag}. */
    public static byte[] encode(byte[] timestamp, byte[] noiseMessage, byte[] pairingKey, byte[] randomTag) {
        byte[] blob = new byte[NOISE_OFFSET + noiseMessage.length];
        System.arraycopy(timestamp, 0, blob, TIMESTAMP_OFFSET, Tai64n.BYTES);
        System.arraycopy(noiseMessage, 0, blob, NOISE_OFFSET, noiseMessage.length);
        byte[] tag = pairingKey == null ? randomTag : PairingKey.tag(pairingKey, blob);
        System.arraycopy(tag, 0, blob, TAG_OFFSET, PairingKey.TAG_BYTES);
        return blob;
    }

    /** Whether {@code blob}'s tag is the one {@code pairingKey} gives (constant time). */
    public static boolean tagMatches(byte[] pairingKey, byte[] blob) {
        return MessageDigest.isEqual(
                PairingKey.tag(pairingKey, blob),
                Arrays.copyOfRange(blob, TAG_OFFSET, TAG_OFFSET + PairingKey.TAG_BYTES));
    }
}
