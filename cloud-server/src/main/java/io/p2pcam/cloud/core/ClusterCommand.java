package io.p2pcam.cloud.core;

import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraPublicKey;

/**
 * What a clustered core asks of the shared registry and of the other nodes (docs/ADMIN.md,
 * "Running a cluster"; node messages in docs/PROTOCOL.md §11). The core never does I/O: the edge
 * takes these from {@link Rendezvous#pollClusterCommand()}, carries them out, and brings the
 * answers back through {@link Rendezvous#resolved}, {@link Rendezvous#remoteConnect} and
 * {@link Rendezvous#remoteResult} on the core's thread.
 */
public sealed interface ClusterCommand {
    /** This node holds {@code id} (registered, or still live at a refresh): write it with its TTL. */
    record Publish(CameraId id, CameraPublicKey key) implements ClusterCommand {}

    /** This node no longer holds {@code id} (expired, or asked for it and did not have it). */
    record Withdraw(CameraId id) implements ClusterCommand {}

    /** Read which nodes hold {@code id}; answer with {@link Rendezvous#resolved}. */
    record Resolve(CameraId id) implements ClusterCommand {}

    /**
     * Hand a viewer's CONNECT_REQUEST to {@code node}, which holds the camera's NAT mapping.
     *
     * @param exchange this node's name for the request; the answer comes back under it
     * @param viewer the viewer's source as this node saw it, with the lane the request reached this
     *     node over: the holder counts it in that lane (decision 0061 §3)
     * @param requestBytes the size of the viewer's datagram (no reply may be larger, §6.2)
     * @param request the CONNECT_REQUEST, encoded
     */
    record ForwardConnect(
            String node, CameraId camera, long exchange, ClientAddress viewer, int requestBytes, byte[] request)
            implements ClusterCommand {}

    /** The CONNECT_RESULT for a request {@code node} handed over as {@code exchange}. */
    record ReturnResult(String node, CameraId camera, long exchange, byte[] result) implements ClusterCommand {}
}
