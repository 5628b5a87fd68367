package io.p2pcam.loadgen;

/** A run that cannot go on, with a message for the person running it (one line). */
final class LoadGenException extends Exception {
    LoadGenException(String message) {
        super(message);
    }

    LoadGenException(String message, Throwable cause) {
        super(message, cause);
    }
}
