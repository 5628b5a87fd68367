package io.p2pcam.cloud.core;

/**
 * How many viewers' CONNECT_REQUESTs a clustered core may hand to other nodes (docs/ADMIN.md,
 * "Running a cluster"), each a message through the Redis every node shares. The per-camera cap
 * ({@link HandOverCaps}) bounds what one camera costs, not what many do: somebody who knew K
 * real camera IDs held elsewhere could send K × 50 messages a second through this core from
 * spoofed or many sources, slowing every node's registrations, heartbeats and hand-overs
 * (invariant 4). One token bucket per core bounds them ({@value #CORE_PER_SECOND} a second,
 * {@value #CORE_BURST} at once by default, {@code --cluster-hand-overs}), first hand-overs and
 * viewers' repeats alike. A request refused is dropped: the viewer repeats it, and after 1.6 s
 * asks its next node (docs/PROTOCOL.md §5.4), among them the camera's home, which needs no hand-over.
 *
 * <p>Paired viewers have a lane of their own, a second bucket of the same size that strangers
 * cannot spend: a request whose cloud pass has been verified ({@link CloudPasses#check}: its tag
 * under the camera's pass key, fresh, within the pass's own rate) takes from it first, then from
 * the shared bucket. Without it a flood of strangers inside their limits dropped every paired
 * viewer's request at this node too (invariant 4: an honest party inside its limits is served).
 * Only a verified pass buys the lane, so a claim costs an attacker a real pass, and each pass is
 * worth {@value CloudPasses#PER_SECOND} request a second: the registry carries at most twice the
 * budget. Not thread-safe: owned by the core's thread.
 */
final class HandOverBudget {
    /** The default rate ({@link ClusterLimits#handOvers}). */
    static final int CORE_PER_SECOND = 1_000;
    /** The default burst. */
    static final int CORE_BURST = 2_000;

    private final TokenBucket shared;
    private final TokenBucket paired;

    HandOverBudget(CloudConfig.RateLimit perCore) {
        this.shared = new TokenBucket(perCore.perSecond(), perCore.burst());
        this.paired = new TokenBucket(perCore.perSecond(), perCore.burst());
    }

    /**
     * Takes a hand-over: false when the core has none left now for this request. {@code
     * passVerified} only for a request whose cloud pass passed {@link CloudPasses#check}.
     */
    boolean tryHandOver(boolean passVerified, long now) {
        return (passVerified && paired.tryTake(now)) || shared.tryTake(now);
    }
}
