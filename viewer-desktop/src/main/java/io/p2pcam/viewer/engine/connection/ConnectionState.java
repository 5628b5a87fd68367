package io.p2pcam.viewer.engine.connection;

/**
 * Where one camera's connection stands, as a tile shows it. The first four are progress; the rest
 * are outcomes, each with its own retry policy in {@link RetryPolicy}.
 */
public enum ConnectionState {
    LOOKING_UP("Looking up"),
    CONNECTING("Connecting"),
    PUNCHING("Opening a path"),
    LIVE("Live"),
    /** The cloud does not know the camera or it did not answer: unknown, off or offline. */
    OFFLINE("Camera offline"),
    WRONG_PASSWORD("Wrong password"),
    /** The camera does not know this viewer (forgot or revoked it): its password is needed again. */
    PASSWORD_NEEDED("Password needed"),
    /**
     * The camera makes us wait: after too many wrong passwords, or while it limits viewers it does not
     * know yet (first connects come too fast; a paired viewer is never limited).
     */
    LOCKED_OUT("Too many attempts"),
    BUSY("Camera busy"),
    /** No path to the camera, or the cloud could not be reached. */
    UNREACHABLE("Unreachable"),
    /**
     * The cloud refuses this network for now: for rate over TCP, or over UDP while TCP to it failed
     * (perhaps a flood in this network's name, docs/PROTOCOL.md §3.1); the detail says which. Tried
     * again with the backoff, and at once when the network changes.
     */
    CLOUD_LIMITED("Limited by the cloud"),
    /** The cloud answered with a key that does not match the ID: tried again with a capped backoff. */
    NOT_AUTHENTIC("Not the real camera"),
    /**
     * The camera refused our handshake or we could not read its answer: most often this computer's
     * clock is off (docs/PROTOCOL.md §10.1); the detail says which. Tried again with a capped backoff.
     */
    REFUSED("Camera refused"),
    STOPPED("Stopped");

    private final String label;

    ConnectionState(String label) {
        this.label = label;
    }

    /** A short label for people. */
    public String label() {
        return label;
    }

    /** Whether a connection attempt is under way (not yet live, not yet failed). */
    public boolean inProgress() {
        return this == LOOKING_UP || this == CONNECTING || this == PUNCHING;
    }
}
