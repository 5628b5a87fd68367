package io.p2pcam.protocol.rtcp;

/** Bytes that are not a well-formed RTCP compound packet; dropped and counted, never answered. */
public final class MalformedRtcpException extends Exception {
    public MalformedRtcpException(String message) {
        super("malformed RTCP: " + message, null, false, false);
    }
}
