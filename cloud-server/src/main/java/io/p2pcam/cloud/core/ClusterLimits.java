package io.p2pcam.cloud.core;

import io.p2pcam.cloud.core.CloudConfig.RateLimit;
import java.util.Objects;

/**
 * How much of the shared registry a cluster node may use (docs/ADMIN.md, "Running a cluster"):
 * what keeps one node, or somebody flooding it, from slowing every node's Redis. The defaults suit
 * a node of a few event loops; an admin of a bigger node raises them (the flags
 * {@code --cluster-registry-reads}, {@code --cluster-hand-overs}, {@code --cluster-republish-rate},
 * {@code --cluster-writes-waiting}, {@code --cluster-redis-queue}).
 *
 * @param registryReads reads of the registry per event loop for requests that miss its cache
 *     ({@link RegistryReadBudget}; parties have their own share of it)
 * @param handOvers CONNECT_REQUESTs per event loop handed to other nodes, each a Redis message
 *     ({@link HandOverBudget})
 * @param republishPerSecond camera writes per event loop per second at most when it writes all its
 *     cameras again, or retries failed writes ({@link PublishPace}); at least 10
 * @param writesAwaiting camera writes sent to Redis and not answered, at most, per node
 * @param requestQueue commands per Redis connection queued or unanswered at most (Lettuce's
 *     request queue); more than twice {@code writesAwaiting}, so that camera writes (one EVALSHA each
 *     since decision 0045's amendment; two commands before) fill at most half of it and leave the
 *     rest to reads, messages and the heartbeat
 */
public record ClusterLimits(
        RateLimit registryReads, RateLimit handOvers, int republishPerSecond, int writesAwaiting, int requestQueue) {
    /** The least {@code republishPerSecond}: one camera per 100 ms sweep. */
    public static final int MIN_REPUBLISH_PER_SECOND = (int) (1_000 / Rendezvous.SWEEP_PERIOD_MILLIS);

    public ClusterLimits {
        Objects.requireNonNull(registryReads, "registry reads");
        Objects.requireNonNull(handOvers, "hand-overs");
        if (republishPerSecond < MIN_REPUBLISH_PER_SECOND) {
            throw new IllegalArgumentException("the republish rate must be at least " + MIN_REPUBLISH_PER_SECOND
                    + " a second, not " + republishPerSecond);
        }
        if (writesAwaiting < 1) {
            throw new IllegalArgumentException("writes awaiting Redis must be at least 1, not " + writesAwaiting);
        }
        if (requestQueue <= 2L * writesAwaiting) {
            throw new IllegalArgumentException("the Redis request queue must be more than twice the writes awaiting ("
                    + 2L * writesAwaiting + "), not " + requestQueue);
        }
    }

    /** 1,000 reads and 1,000 hand-overs a second (2,000 at once), 20,000 writes a second, 16,384 and 65,536. */
    public static ClusterLimits defaults() {
        return new ClusterLimits(
                new RateLimit(RegistryReadBudget.CORE_PER_SECOND, RegistryReadBudget.CORE_BURST),
                new RateLimit(HandOverBudget.CORE_PER_SECOND, HandOverBudget.CORE_BURST),
                PublishPace.FAST_WRITES_PER_SECOND,
                16_384,
                65_536);
    }
}
