package io.p2pcam.protocol.cloud;

/**
 * A datagram is not a well-formed cloud message. It is the sender's fault (or noise on the port);
 * receivers drop the datagram and count {@link #reason()}, they never answer it.
 */
public final class CloudDecodeException extends Exception {
    public enum Reason {
        TOO_SHORT,
        TOO_LONG,
        BAD_MAGIC,
        BAD_VERSION,
        UNKNOWN_TYPE,
        TRUNCATED,
        BAD_FIELD,
        NOT_PADDED
    }

    private final Reason reason;

    public CloudDecodeException(Reason reason, String detail) {
        super(reason + ": " + detail, null, false, false); // no stack trace: this is input, not a bug
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
