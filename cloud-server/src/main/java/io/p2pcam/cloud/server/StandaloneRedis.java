package io.p2pcam.cloud.server;

import io.lettuce.core.StatefulRedisConnectionImpl;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * The registry needs a standalone Redis (or Valkey; replicas and Sentinel are fine), not one in
 * Redis Cluster mode: that serves each key from the node owning its hash slot and refuses a script
 * over keys of several slots (CROSSSLOT) or of a slot it does not serve (MOVED, CLUSTERDOWN), and
 * the registry's keys are spread over slots while its heartbeat script takes several (decision
 * 0045, third amendment). The mode is known from the handshake's HELLO (RESP3; a Redis older than
 * 6 answers none and is taken as standalone).
 */
final class StandaloneRedis {
    private StandaloneRedis() {}

    /**
     * @throws RegistryUnusableException when {@code connection} reached a Redis in cluster mode
     */
    static void requireStandalone(StatefulRedisConnection<?, ?> connection) {
        if (connection instanceof StatefulRedisConnectionImpl<?, ?> made
                && "cluster".equalsIgnoreCase(made.getConnectionState().getMode())) {
            throw new RegistryUnusableException(
                    "this Redis runs in Redis Cluster mode (cluster-enabled yes); the p2pcam registry needs a "
                            + "standalone Redis or Valkey (a primary, with replicas and Sentinel if wanted), "
                            + "see docs/ADMIN.md \"Running a cluster\"",
                    "cluster registry is a Redis Cluster, which p2pcam does not support (see the log)");
        }
    }
}
