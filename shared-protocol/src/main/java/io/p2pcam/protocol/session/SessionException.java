package io.p2pcam.protocol.session;

/** An authenticated peer broke the session protocol (or a handshake could not be completed). */
public final class SessionException extends Exception {
    public SessionException(String message) {
        super(message, null, false, false);
    }

    public SessionException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
