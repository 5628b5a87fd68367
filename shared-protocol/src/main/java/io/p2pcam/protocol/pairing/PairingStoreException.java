package io.p2pcam.protocol.pairing;

/** The pairing journal could not be written: the camera cannot promise freshness, so it refuses. */
public final class PairingStoreException extends Exception {
    public PairingStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
