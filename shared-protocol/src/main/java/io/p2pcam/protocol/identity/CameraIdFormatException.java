package io.p2pcam.protocol.identity;

/** A camera ID as typed by a person could not be read; the message says what is wrong, in words for them. */
public final class CameraIdFormatException extends Exception {
    /** What was wrong, for programs that react to it. */
    public enum Reason {
        EMPTY,
        BAD_CHARACTER,
        WRONG_LENGTH,
        CHECK_MISMATCH
    }

    private final Reason reason;
    private final int position;

    CameraIdFormatException(Reason reason, int position, String message) {
        super(message);
        this.reason = reason;
        this.position = position;
    }

    public Reason reason() {
        return reason;
    }

    /** 1-based position in the input of the offending character, or 0 when no single one is. */
    public int position() {
        return position;
    }
}
