package io.p2pcam.protocol.pairing;

import io.p2pcam.protocol.cloud.Bytes;

/**
 * The camera's answer to a first message it refused before reading it (docs/PROTOCOL.md §10.1): a
 * 3-byte handshake blob in a REJECTED result, {@code reason u8, retry-after seconds u16}. It is not
 * authenticated (no X25519 work was spent on the request), so a viewer only uses it to tell its
 * user what happened; the cloud could forge it, as it could drop the request.
 */
public record HandshakeRefusal(Reason reason, int retryAfterSeconds) {
    public static final int BYTES = 3;

    public enum Reason {
        /** A replay, a timestamp outside the camera's window, or one not newer than the viewer's last. */
        STALE(1),
        /** The camera's budget for unpaired viewers is spent for now. */
        THROTTLED(2),
        UNKNOWN(255);

        private final int code;

        Reason(int code) {
            this.code = code;
        }

        static Reason fromCode(int code) {
            for (Reason reason : values()) {
                if (reason.code == code) {
                    return reason;
                }
            }
            return UNKNOWN;
        }
    }

    public static HandshakeRefusal stale() {
        return new HandshakeRefusal(Reason.STALE, 0);
    }

    public static HandshakeRefusal throttled(long retryAfterMillis) {
        return new HandshakeRefusal(Reason.THROTTLED, (int) Math.min(65_535, (retryAfterMillis + 999) / 1000));
    }

    public Bytes encode() {
        return Bytes.of(new byte[] {(byte) reason.code, (byte) (retryAfterSeconds >>> 8), (byte) retryAfterSeconds});
    }

    /** The refusal in {@code blob}, or null when the blob is not one (an empty one, or a Noise message). */
    public static HandshakeRefusal decode(Bytes blob) {
        if (blob.length() != BYTES) {
            return null;
        }
        byte[] in = blob.toArray();
        return new HandshakeRefusal(Reason.fromCode(in[0] & 0xff), (in[1] & 0xff) << 8 | (in[2] & 0xff));
    }
}
