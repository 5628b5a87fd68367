package io.p2pcam.viewer.engine.connection;

import io.p2pcam.protocol.identity.CameraId;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Where and how to reach one camera.
 *
 * @param timeout how long the viewer may take to reach the camera (lookup, connect and punch)
 */
public record ConnectionSettings(
        InetSocketAddress cloud, CameraId camera, String password, String viewerName, Duration timeout) {

    /** Never the password: records end up in logs and exception messages. */
    @Override
    public String toString() {
        return "ConnectionSettings[cloud=" + cloud + ", camera=" + camera + ", password=(redacted), viewerName="
                + viewerName + ", timeout=" + timeout + "]";
    }

    /** The same camera through another cloud server. */
    public ConnectionSettings withCloud(InetSocketAddress other) {
        return new ConnectionSettings(other, camera, password, viewerName, timeout);
    }
}
