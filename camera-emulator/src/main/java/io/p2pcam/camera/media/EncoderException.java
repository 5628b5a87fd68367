package io.p2pcam.camera.media;

/** The video encoder cannot be set up or failed; the message is one line for people. */
public final class EncoderException extends Exception {
    public EncoderException(String message) {
        super(message);
    }
}
