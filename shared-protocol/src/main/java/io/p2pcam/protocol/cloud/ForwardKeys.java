package io.p2pcam.protocol.cloud;

import io.p2pcam.protocol.cloud.CloudMessage.ConnectForward;
import java.util.Arrays;

/**
 * Which forward keys (docs/PROTOCOL.md §4.7, {@link ForwardTag}) a camera's registration with one
 * node accepts a CONNECT_FORWARD under: the newest registration's, and for
 * {@value #PREVIOUS_KEY_MILLIS} ms after it came, the one before. A forward the node tagged under
 * the previous registration may still be on its way when the new REGISTERED arrives: the node
 * took the new REGISTER after sending it, so it left before the camera learnt the new token, and
 * the node repeats a forward under the token current when it repeats it. 5 s is the node's connect
 * timeout (§5.3): a forward older than that has been answered UNAVAILABLE anyway. Sans I/O, time
 * passed in; not thread-safe.
 *
 * <p>The check itself is {@link #accepts}, public so that a camera that keeps its keys elsewhere
 * (cloud-loadgen's simulated fleet, a million cameras in flat arrays) checks forwards as this one
 * does.
 */
public final class ForwardKeys {
    public static final long PREVIOUS_KEY_MILLIS = 5_000;

    private Bytes token;
    private byte[] key;
    private byte[] previousKey;
    private long previousUntil;

    ForwardKeys() {}

    /** The node registered the camera under {@code token} at {@code now}: its key is the newest from here on. */
    void registered(Bytes token, long now) {
        if (this.token != null && this.token.equalsConstantTime(token.toArray(), 0, token.length())) {
            return; // REGISTERED again for the same registration (§4.2): nothing changed
        }
        if (key != null) {
            previousKey = key;
            previousUntil = now + PREVIOUS_KEY_MILLIS;
        }
        this.token = token;
        key = ForwardTag.key(token);
    }

    /** Whether {@code forward} is tagged under the newest key, or under the previous one while it is accepted. */
    boolean authenticates(ConnectForward forward, long now) {
        if (previousKey != null && now >= previousUntil) {
            Arrays.fill(previousKey, (byte) 0);
            previousKey = null;
        }
        return accepts(forward, key, previousKey);
    }

    /**
     * Whether a camera takes {@code forward}: tagged under the newest registration's key, or under
     * the previous one's while that is still accepted.
     *
     * @param key the newest registration's forward key ({@link ForwardTag#key}); null before any
     *     registration, when nothing is accepted
     * @param previousKey the registration before's, or null when there was none or it came more
     *     than {@value #PREVIOUS_KEY_MILLIS} ms ago
     */
    public static boolean accepts(ConnectForward forward, byte[] key, byte[] previousKey) {
        return key != null
                && (ForwardTag.verifies(forward, key)
                        || previousKey != null && ForwardTag.verifies(forward, previousKey));
    }
}
