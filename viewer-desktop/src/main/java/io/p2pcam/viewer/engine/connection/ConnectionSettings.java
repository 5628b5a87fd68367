package io.p2pcam.viewer.engine.connection;

import io.p2pcam.protocol.cloud.CloudPass;
import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.noise.KeyPair;
import io.p2pcam.protocol.pairing.Password;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where and how to reach one camera.
 *
 * @param password the camera's password, or {@link Password#NONE} when this viewer is paired with it (docs/PROTOCOL.md §10.1)
 * @param timeout how long the viewer may take to reach the camera (lookup, connect and punch)
 * @param viewerKey this installation's static key, with which the camera pairs; null for a fresh key
 *     per connection that never pairs (`probe`)
 * @param pass the cloud pass the camera gave this viewer when it last admitted it paired, presented
 *     so that strangers at the cloud do not delay us (§5.3); {@link CloudPass#NONE} for none, and
 *     always none when {@code direct}: the camera reads no pass, and whoever answered the LOOKUP at
 *     an unauthenticated LAN address would learn the pass id, the same for every camera (§10.8)
 * @param clouds the cloud's nodes in the order to try them within one attempt (docs/PROTOCOL.md
 *     §5.4), {@code cloud} first
 * @param direct whether {@code cloud} is in fact the camera's own address on this LAN, reached with
 *     no cloud in between (docs/PROTOCOL.md §10.8)
 */
public record ConnectionSettings(
        InetSocketAddress cloud,
        CameraId camera,
        Password password,
        String viewerName,
        Duration timeout,
        KeyPair viewerKey,
        CloudPass pass,
        List<InetSocketAddress> clouds,
        boolean direct) {

    public ConnectionSettings {
        Objects.requireNonNull(pass, "pass (CloudPass.NONE for none)");
        if (direct) {
            pass = CloudPass.NONE; // a pass is for a cloud: on the LAN it only names this viewer to a forger
        }
        List<InetSocketAddress> ordered = new ArrayList<>();
        ordered.add(cloud);
        for (InetSocketAddress other : clouds == null ? List.<InetSocketAddress>of() : clouds) {
            if (!ordered.contains(other)) {
                ordered.add(other);
            }
        }
        clouds = List.copyOf(ordered);
    }

    /** Through one cloud node. */
    public ConnectionSettings(
            InetSocketAddress cloud,
            CameraId camera,
            Password password,
            String viewerName,
            Duration timeout,
            KeyPair viewerKey,
            CloudPass pass) {
        this(cloud, camera, password, viewerName, timeout, viewerKey, pass, List.of(), false);
    }

    /** Through these cloud nodes ({@code cloud} first), without a cloud pass. */
    public ConnectionSettings(
            InetSocketAddress cloud,
            CameraId camera,
            Password password,
            String viewerName,
            Duration timeout,
            KeyPair viewerKey,
            List<InetSocketAddress> clouds) {
        this(cloud, camera, password, viewerName, timeout, viewerKey, CloudPass.NONE, clouds, false);
    }

    /** Through one cloud node, without a cloud pass. */
    public ConnectionSettings(
            InetSocketAddress cloud,
            CameraId camera,
            Password password,
            String viewerName,
            Duration timeout,
            KeyPair viewerKey) {
        this(cloud, camera, password, viewerName, timeout, viewerKey, CloudPass.NONE, List.of(), false);
    }

    /** With a fresh key per connection and no pairing (`probe`). */
    public ConnectionSettings(
            InetSocketAddress cloud, CameraId camera, Password password, String viewerName, Duration timeout) {
        this(cloud, camera, password, viewerName, timeout, null);
    }

    /** The same camera, by this viewer's key alone (the camera has paired with it). */
    public ConnectionSettings withoutPassword() {
        return new ConnectionSettings(
                cloud, camera, Password.NONE, viewerName, timeout, viewerKey, pass, clouds, direct);
    }

    /** The same camera, presenting {@code newPass} at the cloud. */
    public ConnectionSettings withPass(CloudPass newPass) {
        return new ConnectionSettings(cloud, camera, password, viewerName, timeout, viewerKey, newPass, clouds, direct);
    }

    /** The same camera through another cloud server (that one node alone). */
    public ConnectionSettings withCloud(InetSocketAddress other) {
        return new ConnectionSettings(other, camera, password, viewerName, timeout, viewerKey, pass, List.of(), false);
    }

    /** The same camera straight at {@code address} on this LAN, found announced there, without a cloud (§10.8). */
    public ConnectionSettings directTo(InetSocketAddress address) {
        return new ConnectionSettings(address, camera, password, viewerName, timeout, viewerKey, pass, List.of(), true);
    }

    /** The same camera through these cloud nodes, tried in turn in this order (at least one). */
    public ConnectionSettings withClouds(List<InetSocketAddress> nodes) {
        return new ConnectionSettings(
                nodes.getFirst(), camera, password, viewerName, timeout, viewerKey, pass, nodes, false);
    }

    @Override
    public String toString() {
        return "ConnectionSettings[" + (direct ? "direct on the LAN to=" + cloud : "clouds=" + clouds) + ", camera="
                + camera + ", password="
                + (password.isEmpty() ? "(none: paired)" : "(redacted)") + ", viewerName=" + viewerName
                + ", timeout=" + timeout + ", paired key=" + (viewerKey != null) + ", " + pass + "]";
    }
}
