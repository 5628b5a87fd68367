package io.p2pcam.camera.media;

/** A video or sound source cannot be opened or read; the message is one line for people. */
public final class SourceException extends Exception {
    public SourceException(String message) {
        super(message);
    }

    public SourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
