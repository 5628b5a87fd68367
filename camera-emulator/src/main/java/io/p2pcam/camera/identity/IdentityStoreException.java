package io.p2pcam.camera.identity;

/** The camera's identity cannot be loaded or stored; the message is one line for people. */
public final class IdentityStoreException extends Exception {
    public IdentityStoreException(String message) {
        super(message);
    }
}
