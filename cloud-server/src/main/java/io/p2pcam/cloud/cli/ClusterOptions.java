package io.p2pcam.cloud.cli;

import io.p2pcam.cloud.server.ClusterSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Joining a cluster as flags (docs/ADMIN.md, "Running a cluster"): a mixin of {@link CloudServerCommand}. */
final class ClusterOptions {
    @Option(
            names = "--cluster",
            paramLabel = "REDIS_URI",
            defaultValue = "",
            description = "Join a cluster of nodes sharing a registry in Redis or Valkey, e.g. redis://10.0.0.5:6379 "
                    + "(rediss:// for TLS, redis://:PASSWORD@host:port with a password: give that one in env "
                    + "P2PCAM_CLUSTER, not on the command line, where every local user can read it). Any node then answers for any camera. Empty: a node alone, with no dependency. "
                    + "Default: none.")
    private String registry;

    @Option(
            names = "--node-address",
            paramLabel = "HOST:PORT",
            defaultValue = "",
            description = "With --cluster: this node's public address, the one cameras and viewers reach it at "
                    + "(and relayed viewers of connects handed over from other nodes); its unique name in the "
                    + "cluster (keep it across restarts). Default: none.")
    private String nodeAddress;

    @Option(
            names = "--cluster-refresh",
            paramLabel = "SECONDS",
            defaultValue = "300",
            description = "With --cluster: how often the node writes each of its cameras to the registry again "
                    + "(an entry lives three times this after its last write); longer means fewer Redis writes "
                    + "(cameras / this per second). Default: ${DEFAULT-VALUE}.")
    private long refreshSeconds;

    /** The cluster to join, or null for a node alone. */
    ClusterSettings settings(OptionCheck check) {
        if (registry.isBlank()) {
            check.require(nodeAddress.isBlank(), "--node-address", "is only meaningful with --cluster");
            return null;
        }
        check.require(
                refreshSeconds >= 30 && refreshSeconds <= 86_400,
                "--cluster-refresh",
                "must be between 30 and 86400 seconds, not " + refreshSeconds);
        check.require(
                !nodeAddress.isBlank(), "--node-address", "is needed with --cluster (this node's public host:port)");
        URI uri;
        try {
            uri = new URI(registry.strip());
        } catch (URISyntaxException e) {
            check.require(false, "--cluster", "must be a redis:// URI, not " + registry);
            return null;
        }
        try {
            return new ClusterSettings(uri, nodeAddress.strip(), Duration.ofSeconds(refreshSeconds));
        } catch (IllegalArgumentException e) {
            check.require(false, nodeAddress.isBlank() ? "--node-address" : "--cluster", e.getMessage());
            return null;
        }
    }
}
