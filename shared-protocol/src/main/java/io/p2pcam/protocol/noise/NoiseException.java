package io.p2pcam.protocol.noise;

import java.util.Objects;

/**
 * Bytes received from the network were rejected: they did not authenticate, did not have the length
 * the protocol requires, or carried an unusable key. Always the peer's (or an attacker's) doing, never
 * ours; the caller drops the message and counts it, and does not answer it.
 */
public final class NoiseException extends Exception {

    /** Why the message was rejected, for counters; the message text carries the detail. */
    public enum Reason {
        /** The AEAD tag did not verify: wrong key, wrong nonce, tampered bytes or associated data. */
        AUTHENTICATION_FAILED,
        /** The message is too short, too long, or otherwise not shaped as the protocol requires. */
        MALFORMED_MESSAGE,
        /** A received public key is of small order, so Diffie-Hellman with it yields no secret. */
        INVALID_PUBLIC_KEY,
        /** The nonce is the reserved value 2^64-1 (Noise §5.1), or the receive counter is exhausted. */
        NONCE_EXHAUSTED
    }

    private final Reason reason;

    public NoiseException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public NoiseException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
