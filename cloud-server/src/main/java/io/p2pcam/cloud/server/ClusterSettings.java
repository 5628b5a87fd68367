package io.p2pcam.cloud.server;

import io.p2pcam.cloud.core.ClusterLimits;
import io.p2pcam.cloud.core.Rendezvous;
import io.p2pcam.protocol.cloud.RelayGrant;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;

/**
 * How a node joins a cluster (docs/ADMIN.md, "Running a cluster"). Immutable.
 *
 * @param registry the shared registry, {@code redis://[:password@]host:port[/db]} or
 *     {@code rediss://...} for TLS (Redis 6.0 or later, or Valkey: {@link SupportedRedis}; a Sentinel URI also works)
 * @param nodeAddress this node's name among the nodes: the public {@code host:port} cameras and
 *     viewers reach it at. It is the key of its entries in the registry and the name of its inbox
 *     channel, so it must be unique in the cluster and the same across restarts
 * @param refreshPeriod how often the node writes each of its cameras to the registry again while it
 *     stays registered; an entry lives three periods after its last write
 * @param limits how much of the registry the node may use
 */
public record ClusterSettings(URI registry, String nodeAddress, Duration refreshPeriod, ClusterLimits limits) {
    /** Re-publishing each camera every 5 minutes (the default). */
    public ClusterSettings(URI registry, String nodeAddress) {
        this(registry, nodeAddress, Duration.ofMillis(Rendezvous.PUBLISH_PERIOD_MILLIS));
    }

    /** Within the default limits. */
    public ClusterSettings(URI registry, String nodeAddress, Duration refreshPeriod) {
        this(registry, nodeAddress, refreshPeriod, ClusterLimits.defaults());
    }

    public ClusterSettings {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(refreshPeriod, "refresh period");
        if (refreshPeriod.compareTo(Duration.ofSeconds(30)) < 0 || refreshPeriod.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException(
                    "the refresh period must be between 30 s and 1 day, not " + refreshPeriod);
        }
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

    public ClusterSettings withLimits(ClusterLimits newLimits) {
        return new ClusterSettings(registry, nodeAddress, refreshPeriod, newLimits);
    }

    /**
     * The node address as a socket address, resolved now (a name takes its first address), or null
     * when it is no {@code host:port}, does not resolve, or is no unicast address: then the node
     * gives no relay grant for connects other nodes hand it (docs/PROTOCOL.md §7, "Cluster").
     */
    public InetSocketAddress resolvedNodeAddress() {
        try {
            URI uri = new URI("udp://" + nodeAddress);
            if (uri.getHost() == null || uri.getPort() <= 0) {
                return null;
            }
            String host = uri.getHost();
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(host), uri.getPort());
            return RelayGrant.isRelayAddress(address) ? address : null;
        } catch (URISyntaxException | UnknownHostException e) {
            return null;
        }
    }

    /**
     * The registry's servers as the URI names them, without its password, for logs: {@code
     * 10.0.0.5:6379}, or a Sentinel URI's list {@code 10.0.0.5:26379,10.0.0.6:26379} (for which
     * {@link URI#getHost} is null).
     */
    public String registryServers() {
        String authority = String.valueOf(registry.getRawAuthority());
        return authority.substring(authority.lastIndexOf('@') + 1);
    }
}
