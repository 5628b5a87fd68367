package io.p2pcam.loadgen;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectForward;
import io.p2pcam.protocol.cloud.ForwardKeys;
import io.p2pcam.protocol.cloud.ForwardTag;
import java.util.Arrays;

/**
 * The keys each simulated camera checks a CONNECT_FORWARD's tag under (docs/PROTOCOL.md §3.10.10,
 * §4.7), packed as {@link CameraFleet} packs the rest ({@value #BYTES_PER_CAMERA} bytes a camera):
 * the newest registration's forward key and, for {@link ForwardKeys#PREVIOUS_KEY_MILLIS} ms after
 * it came, the one before. The keys are derived by {@link ForwardTag#key} and a forward is judged
 * by {@link ForwardKeys#accepts}, the camera's own code, so a generator camera spends on a forward
 * what a real one does (two HMAC-SHA256 computations and the forward encoded again) and drops
 * what a real one drops.
 *
 * <p>A camera's keys are written by the thread that completes its registration, before the
 * {@link CameraFleet#transition} to REGISTERED publishes them, and read by its receive thread
 * after it saw REGISTERED: thread-safe in that sense, as the fleet's tokens are.
 */
final class FleetForwardKeys {
    static final int BYTES_PER_CAMERA = 2 * ForwardTag.KEY_BYTES + 4 + 1;

    private final byte[] keys;
    private final byte[] previousKeys;
    /** Until when (the run's clock) each camera's previous key is accepted; only meaningful where {@link #keyed}. */
    private final int[] previousUntil;
    /** Whether each camera has had a registration: before one, it has no key to keep as the previous. */
    private final byte[] keyed;

    FleetForwardKeys(int cameras) {
        this.keys = new byte[Math.multiplyExact(cameras, ForwardTag.KEY_BYTES)];
        this.previousKeys = new byte[Math.multiplyExact(cameras, ForwardTag.KEY_BYTES)];
        this.previousUntil = new int[cameras];
        this.keyed = new byte[cameras];
    }

    /**
     * The camera's node registered it under {@code token} at {@code now}: its key is the newest from
     * here on, and the one it had is accepted {@link ForwardKeys#PREVIOUS_KEY_MILLIS} ms more (a
     * forward tagged before the node took the new REGISTER may still be on its way). The same
     * registration again changes nothing.
     */
    void registered(int camera, Bytes token, int now) {
        byte[] key = ForwardTag.key(token);
        int at = camera * ForwardTag.KEY_BYTES;
        if (keyed[camera] != 0) {
            if (Arrays.equals(keys, at, at + ForwardTag.KEY_BYTES, key, 0, ForwardTag.KEY_BYTES)) {
                return;
            }
            System.arraycopy(keys, at, previousKeys, at, ForwardTag.KEY_BYTES);
            previousUntil[camera] = now + (int) ForwardKeys.PREVIOUS_KEY_MILLIS;
        } else {
            previousUntil[camera] = now; // no previous registration: nothing else accepted
        }
        System.arraycopy(key, 0, keys, at, ForwardTag.KEY_BYTES);
        keyed[camera] = 1;
    }

    /** Whether the camera takes {@code forward} at {@code now}: tagged under its newest key, or its previous one in time. */
    boolean authenticates(int camera, ConnectForward forward, int now) {
        if (keyed[camera] == 0) {
            return false;
        }
        int at = camera * ForwardTag.KEY_BYTES;
        byte[] previous =
                now < previousUntil[camera] ? Arrays.copyOfRange(previousKeys, at, at + ForwardTag.KEY_BYTES) : null;
        return ForwardKeys.accepts(forward, Arrays.copyOfRange(keys, at, at + ForwardTag.KEY_BYTES), previous);
    }
}
