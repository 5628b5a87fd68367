package io.p2pcam.protocol.endpoint;

/** Why a viewer could not reach a camera or lost it; the names are the `error` values `probe` prints. */
public enum ViewerFailure {
    /** Unknown, offline, or not answering: the cloud does not say which. */
    CAMERA_UNAVAILABLE,
    AUTH_FAILED,
    /** The viewer sent no password and the camera does not know its key: ask the user for the password. */
    PASSWORD_NEEDED,
    /** Too many wrong passwords lately, or the camera's budget for unpaired viewers is spent: wait. */
    TOO_MANY_ATTEMPTS,
    CAMERA_BUSY,
    /** The cloud gave a key that does not belong to the camera ID. */
    CLOUD_LIED,
    /** The camera's handshake did not authenticate. */
    HANDSHAKE_FAILED,
    PUNCH_FAILED,
    /**
     * The cloud refuses this network for now: over TCP for rate, or over UDP for rate while TCP to
     * it failed (a flood in this network's name, TCP blocked; docs/PROTOCOL.md §3.1). The message
     * says which.
     */
    RATE_LIMITED,
    /** The camera or the cloud did not answer in the time allowed. */
    TIMEOUT,
    /**
     * This computer's side: the cloud's name did not resolve, or no socket could be opened. Not a
     * word about the camera.
     */
    NETWORK_ERROR,
    /** An established session went silent or the camera closed it. */
    CONNECTION_LOST
}
