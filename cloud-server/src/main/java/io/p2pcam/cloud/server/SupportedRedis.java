package io.p2pcam.cloud.server;

import io.lettuce.core.ConnectionState;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.StatefulRedisConnectionImpl;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * The Redis the registry can use, checked at connect (docs/ADMIN.md "Running a cluster"):
 *
 * <ul>
 *   <li>a standalone Redis (or Valkey; replicas and Sentinel are fine), not one in Redis Cluster
 *       mode: that serves each key from the node owning its hash slot and refuses a script over
 *       keys of several slots (CROSSSLOT) or of a slot it does not serve (MOVED, CLUSTERDOWN), and
 *       the registry's keys are spread over slots while its heartbeat script takes several
 *       (decision 0045, third amendment);
 *   <li>Redis {@value #MINIMUM_TEXT} or later: the node reads the mode (and the version) from the
 *       handshake's HELLO, which Redis answers from 6.0, as it takes ACL users from 6.0. The
 *       scripts alone would run on 4.0 (HSET of several fields), but only from 5.0 does Redis
 *       replicate what a script did rather than the script, and the withdraw script decides by
 *       PTTL, which a replica re-running it could answer otherwise.
 * </ul>
 *
 * A Redis that answers no HELLO (older than 6, or with HELLO renamed; Lettuce then speaks RESP2)
 * is asked {@code INFO server} instead, so neither check is skipped (decision 0045, fourth
 * amendment).
 */
final class SupportedRedis {
    static final String MINIMUM_TEXT = "6.0";
    static final RedisVersion MINIMUM = RedisVersion.parse(MINIMUM_TEXT);
    private static final String SEE = "see docs/ADMIN.md \"Running a cluster\"";

    private SupportedRedis() {}

    /**
     * Blocking, once per connection: INFO server only when Redis answered no HELLO.
     *
     * @throws RegistryUnusableException when {@code connection} reached a Redis in cluster mode,
     *     older than {@link #MINIMUM}, or one that tells neither
     */
    static void require(StatefulRedisConnection<String, byte[]> connection) {
        ConnectionState handshake = connection instanceof StatefulRedisConnectionImpl<?, ?> made
                ? made.getConnectionState()
                : new ConnectionState();
        if (handshake.getRedisVersion() != null) {
            require(handshake.getRedisVersion(), handshake.getMode(), "HELLO");
            return;
        }
        String info;
        try {
            info = connection.sync().info("server");
        } catch (RedisCommandExecutionException refused) {
            info = "";
        }
        require(infoField(info, "redis_version"), infoField(info, "redis_mode"), "INFO server");
    }

    /**
     * Whether a Redis whose {@code source} (HELLO or INFO server) said {@code version} and {@code
     * mode} (either null if it did not say) can serve as the registry.
     *
     * @throws RegistryUnusableException when it cannot, saying why in an admin's words
     */
    static void require(String version, String mode, String source) {
        if ("cluster".equalsIgnoreCase(mode)) {
            throw new RegistryUnusableException(
                    "this Redis runs in Redis Cluster mode (cluster-enabled yes); the p2pcam registry needs a "
                            + "standalone Redis or Valkey (a primary, with replicas and Sentinel if wanted), " + SEE,
                    "cluster registry is a Redis Cluster, which p2pcam does not support (see the log)");
        }
        RedisVersion parsed = RedisVersion.parse(version);
        if (parsed == null) {
            throw new RegistryUnusableException(
                    "this Redis does not say which version it is (" + source + ": "
                            + (version == null ? "no version" : "version " + version) + "); the p2pcam registry "
                            + "needs Redis " + MINIMUM_TEXT + " or later, or Valkey, " + SEE,
                    "cluster registry does not say its Redis version (see the log)");
        }
        if (parsed.isOlderThan(MINIMUM)) {
            throw new RegistryUnusableException(
                    "this Redis is version " + version + " (" + source + "); the p2pcam registry needs Redis "
                            + MINIMUM_TEXT + " or later, or Valkey, " + SEE,
                    "cluster registry is Redis " + parsed + ", older than p2pcam supports (see the log)");
        }
    }

    /** The value of {@code name} in INFO's answer ({@code name:value} lines); null if absent. */
    static String infoField(String info, String name) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1).strip();
            }
        }
        return null;
    }
}
