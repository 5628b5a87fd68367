package io.p2pcam.cloud.core;

/**
 * How many viewers' CONNECT_REQUESTs a clustered core may hand to other nodes (docs/ADMIN.md,
 * "Running a cluster"), each a message through the Redis every node shares. The per-camera cap
 * ({@link HandOverCaps}) bounds what one camera costs, not what many do: somebody who knew K
 * real camera IDs held elsewhere could send K × 50 messages a second through this core from
 * spoofed or many sources, slowing every node's registrations, heartbeats and hand-overs
 * (invariant 4). One token bucket per core bounds them ({@value #CORE_PER_SECOND} a second,
 * {@value #CORE_BURST} at once by default, {@code --cluster-hand-overs}), first hand-overs and viewers' repeats alike. A request refused is
 * dropped: the viewer repeats it, and after 1.6 s asks its next node (docs/PROTOCOL.md §5.4),
 * among them the camera's home, which needs no hand-over. Not thread-safe: owned by the core's thread.
 */
final class HandOverBudget {
    /** The default rate ({@link ClusterLimits#handOvers}). */
    static final int CORE_PER_SECOND = 1_000;
    /** The default burst. */
    static final int CORE_BURST = 2_000;

    private final TokenBucket bucket;

    HandOverBudget(CloudConfig.RateLimit perCore) {
        this.bucket = new TokenBucket(perCore.perSecond(), perCore.burst());
    }

    /** Takes a hand-over: false when the core has none left now. */
    boolean tryHandOver(long now) {
        return bucket.tryTake(now);
    }
}
