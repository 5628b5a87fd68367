package io.p2pcam.cloud.cli;

import io.p2pcam.cloud.core.CloudConfig.RateLimit;
import io.p2pcam.cloud.core.ClusterLimits;
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

    @Option(
            names = "--cluster-registry-reads",
            paramLabel = "PER_SECOND,BURST",
            defaultValue = "1000,2000",
            description = "With --cluster: registry reads per event loop for lookups and connects of cameras not in "
                    + "its cache (a flood of made-up IDs stops here, off the shared Redis); beyond, requests are "
                    + "dropped (registry_reads). Default: ${DEFAULT-VALUE}.")
    private String registryReads;

    @Option(
            names = "--cluster-hand-overs",
            paramLabel = "PER_SECOND,BURST",
            defaultValue = "1000,2000",
            description = "With --cluster: connect requests per event loop handed to the node holding the camera, "
                    + "each a Redis message; beyond, dropped (hand_overs). Default: ${DEFAULT-VALUE}.")
    private String handOvers;

    @Option(
            names = "--cluster-republish-rate",
            paramLabel = "PER_SECOND",
            defaultValue = "20000",
            description =
                    "With --cluster: camera writes per second per event loop at most when the node writes all its "
                            + "cameras again (Redis forgot it) or retries failed writes. Default: ${DEFAULT-VALUE}.")
    private int republishRate;

    @Option(
            names = "--cluster-writes-waiting",
            paramLabel = "COUNT",
            defaultValue = "16384",
            description =
                    "With --cluster: camera writes sent to Redis and not answered, at most, for the node; past it "
                            + "writes fail at once and are retried when Redis answers. Default: ${DEFAULT-VALUE}.")
    private int writesWaiting;

    @Option(
            names = "--cluster-redis-queue",
            paramLabel = "COUNT",
            defaultValue = "65536",
            description = "With --cluster: Redis commands queued or unanswered at most per connection (more fail at "
                    + "once); more than twice --cluster-writes-waiting. Default: ${DEFAULT-VALUE}.")
    private int redisQueue;

    private ClusterLimits limits(OptionCheck check) {
        RateLimit reads = rate(check, "--cluster-registry-reads", registryReads);
        RateLimit hands = rate(check, "--cluster-hand-overs", handOvers);
        check.require(
                republishRate >= ClusterLimits.MIN_REPUBLISH_PER_SECOND,
                "--cluster-republish-rate",
                "must be at least " + ClusterLimits.MIN_REPUBLISH_PER_SECOND + " writes a second, not "
                        + republishRate);
        check.require(writesWaiting >= 1, "--cluster-writes-waiting", "must be at least 1, not " + writesWaiting);
        check.require(
                redisQueue > 2L * writesWaiting,
                "--cluster-redis-queue",
                "must be more than twice --cluster-writes-waiting (" + 2L * writesWaiting
                        + ": camera writes may fill half of it, reads, messages and the heartbeat need the rest), not "
                        + redisQueue);
        return new ClusterLimits(reads, hands, republishRate, writesWaiting, redisQueue);
    }

    /** {@code PER_SECOND,BURST}: two whole numbers of at least 1. */
    private static RateLimit rate(OptionCheck check, String option, String text) {
        String[] parts = text.strip().split("\\s*,\\s*");
        long perSecond = parts.length == 2 ? whole(parts[0]) : 0;
        long burst = parts.length == 2 ? whole(parts[1]) : 0;
        check.require(
                perSecond >= 1 && burst >= 1,
                option,
                "must be PER_SECOND,BURST: two whole numbers of at least 1, not " + text);
        return new RateLimit(perSecond, (int) burst);
    }

    /** The number, or 0 when it is none or out of range. */
    private static long whole(String text) {
        try {
            long value = Long.parseLong(text);
            return value <= Integer.MAX_VALUE ? value : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

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
        ClusterLimits limits = limits(check);
        try {
            return new ClusterSettings(uri, nodeAddress.strip(), Duration.ofSeconds(refreshSeconds), limits);
        } catch (IllegalArgumentException e) {
            check.require(false, nodeAddress.isBlank() ? "--node-address" : "--cluster", e.getMessage());
            return null;
        }
    }
}
