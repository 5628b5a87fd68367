package io.p2pcam.viewer.engine.record;

/**
 * A recording or snapshot could not be made or finished. The message is short and plain, fit to
 * show the user as it is ("Cannot record to /home/ann/Videos/p2pcam/Front_door-….mp4: No space
 * left on device"); the cause, when there is one, carries the details for the log.
 */
public final class RecordingException extends Exception {

    private static final long serialVersionUID = 1L;

    /** How the recording's file was lost, if this is why it failed; null otherwise. */
    private final FileLoss loss;

    /** A failure described by {@code message} alone. */
    public RecordingException(String message) {
        super(message);
        this.loss = null;
    }

    /** A failure described by {@code message}, caused by {@code cause}. */
    public RecordingException(String message, Throwable cause) {
        this(message, cause, null);
    }

    /** A recording that failed because its file was lost so ({@code loss}, null if not). */
    RecordingException(String message, Throwable cause, FileLoss loss) {
        super(message, cause);
        this.loss = loss;
    }

    /** How the recording's file was lost, or {@link FileLoss#WRITE_FAILED} if it was not. */
    FileLoss loss() {
        return loss == null ? FileLoss.WRITE_FAILED : loss;
    }
}
