package io.p2pcam.protocol.media;

/**
 * Bytes that are not a well-formed RTP packet (RFC 3550 §5.1). Such datagrams are the sender's
 * fault (or noise): the receiver drops and counts them and never answers.
 */
public final class MalformedRtpException extends Exception {

    /** What is wrong with the bytes. */
    public enum Reason {
        /** Fewer than the 12 bytes of the fixed header. */
        TOO_SHORT,
        /** The version field is not 2. */
        BAD_VERSION,
        /** The CC field announces more CSRC identifiers than the packet holds. */
        BAD_CSRC_COUNT,
        /** The X bit is set but the extension header or its announced length does not fit. */
        BAD_EXTENSION_LENGTH,
        /** The P bit is set but the padding count is zero or reaches into the header. */
        BAD_PADDING
    }

    private final Reason reason;

    public MalformedRtpException(Reason reason) {
        // No stack trace: garbage from the network is common and the reason says all there is.
        super("malformed RTP packet: " + reason, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
