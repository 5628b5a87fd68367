package io.p2pcam.cloud.server;

import java.net.URI;
import java.util.Objects;

/**
 * How a node joins a cluster (docs/ADMIN.md, "Running a cluster"). Immutable.
 *
 * @param registry the shared registry, {@code redis://[:password@]host:port[/db]} or
 *     {@code rediss://...} for TLS (Redis 7 or Valkey; a Sentinel URI also works)
 * @param nodeAddress this node's name among the nodes: the public {@code host:port} cameras and
 *     viewers reach it at. It is the key of its entries in the registry and the name of its inbox
 *     channel, so it must be unique in the cluster and the same across restarts
 */
public record ClusterSettings(URI registry, String nodeAddress) {
    public ClusterSettings {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(nodeAddress, "node address");
        String scheme = String.valueOf(registry.getScheme());
        if (!scheme.equals("redis") && !scheme.equals("rediss") && !scheme.equals("redis-sentinel")) {
            throw new IllegalArgumentException(
                    "the cluster registry must be a redis:// or rediss:// URI, not " + registry);
        }
        if (nodeAddress.isBlank()
                || nodeAddress.length() > 255
                || nodeAddress.chars().anyMatch(c -> c <= ' ')) {
            throw new IllegalArgumentException(
                    "the node address must be host:port without spaces, not '" + nodeAddress + "'");
        }
    }
}
