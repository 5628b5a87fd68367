package io.p2pcam.viewer.engine.record;

/**
 * A recording or snapshot could not be made or finished. The message is short and plain, fit to
 * show the user as it is ("Cannot record to /home/ann/Videos/p2pcam/Front_door-….mp4: No space
 * left on device"); the cause, when there is one, carries the details for the log.
 */
public final class RecordingException extends Exception {

    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message} alone. */
    public RecordingException(String message) {
        super(message);
    }

    /** A failure described by {@code message}, caused by {@code cause}. */
    public RecordingException(String message, Throwable cause) {
        super(message, cause);
    }
}
