package io.p2pcam.viewer.engine.connection;

import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.runtime.LanBrowser;
import java.net.InetSocketAddress;

/**
 * Where cameras were found announced on this computer's LAN (mDNS, docs/PROTOCOL.md §10.8), for
 * connecting without a cloud. Announcements are unauthenticated: an address from here is only
 * where the viewer sends its LOOKUP; the key that comes back must match the ID (invariant 1).
 * Implementations are thread-safe and answer at once (no network work in {@link #find}).
 */
@FunctionalInterface
public interface LanCameras {
    /** None found, ever: a viewer that does not browse the LAN. */
    LanCameras NONE = id -> null;

    /** The address camera {@code id} announced on the LAN, or null when it was not found there. */
    InetSocketAddress find(CameraId id);

    /**
     * What answered at {@code address}, found here, proved to be camera {@code id} (its handshake
     * succeeded there): that announcement is chosen and kept before others claiming the ID.
     */
    default void proved(CameraId id, InetSocketAddress address) {}

    /**
     * A connect to camera {@code id} at {@code address}, found here, failed as {@code failure}
     * says: the ID's other announcements are found first, in turn, and an address where something
     * else answered is not found for the ID for a while (docs/PROTOCOL.md §10.8).
     */
    default void failed(CameraId id, InetSocketAddress address, LanBrowser.ConnectFailure failure) {}
}
