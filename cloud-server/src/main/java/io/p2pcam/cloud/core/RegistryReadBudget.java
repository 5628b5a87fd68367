package io.p2pcam.cloud.core;

import java.net.InetSocketAddress;

/**
 * How many reads of the shared registry a clustered core may make for LOOKUPs and CONNECT_REQUESTs
 * that miss its cache (docs/ADMIN.md, "Running a cluster"). On a node alone, a request for an
 * unknown ID costs a table probe; in a cluster each one for an ID not in the cache (any 15 bytes
 * name one) was a read of the Redis every node shares, so a flood inside the per-source rate
 * limits, or from spoofed sources that each have a full bucket, became the same flood on Redis,
 * slowing every node's registrations, heartbeats and hand-overs (invariant 4: bad input costs the
 * sender, never the service). Two token buckets bound it: one per party at every {@link Party}
 * level (a quarter of the request rate and half its burst: 5 a second and 30 at once per IPv4
 * address or IPv6 /64 by default, so a viewer opening a wall of cameras at once is served, and an
 * admin who raises the request rate for a large site raises this with it), and one for the core
 * ({@value #CORE_PER_SECOND} a second, {@value #CORE_BURST} at once by default, {@code
 * --cluster-registry-reads}), which spoofed sources cannot
 * multiply. A request refused a read is dropped: the viewer repeats it, and after 1.6 s asks its
 * next node (docs/PROTOCOL.md §5.4), among them the camera's home, which answers from its own table
 * without a read. Requests that join a read already under way, and cache hits, cost nothing here.
 * A CONNECT_REQUEST whose cloud pass passed (checked before the read: its key comes from the
 * camera's ID) reads from a lane of its own first, as large as the core's, which no flood of
 * strangers can spend and spoofing the viewer's address cannot either (it skips the party buckets):
 * each pass is held to its own rate ({@link CloudPasses}), so the lane carries paired viewers only.
 * Not thread-safe: owned by the core's thread.
 */
final class RegistryReadBudget {
    /** A party's reads are its request rate divided by this... */
    static final int PARTY_RATE_DIVISOR = 4;
    /** ...and its burst of requests divided by this. */
    static final int PARTY_BURST_DIVISOR = 2;

    /** The core's default rate ({@link ClusterLimits#registryReads}). */
    static final int CORE_PER_SECOND = 1_000;
    /** The core's default burst. */
    static final int CORE_BURST = 2_000;
    /** Parties tracked at most per level: only requests the core's bucket admits add one. */
    private static final int MAX_PARTIES = 50_000;

    private final PartyRateLimits perParty;
    private final TokenBucket core;
    private final TokenBucket paired;

    RegistryReadBudget(CloudConfig config, CloudConfig.RateLimit perCore) {
        this.perParty = new PartyRateLimits(perParty(config.requestRate()), config.quotas(), MAX_PARTIES);
        this.core = new TokenBucket(perCore.perSecond(), perCore.burst());
        this.paired = new TokenBucket(perCore.perSecond(), perCore.burst());
    }

    /** The reads one party (IPv4 address or IPv6 /64) may make, given its rate of requests. */
    static CloudConfig.RateLimit perParty(CloudConfig.RateLimit requests) {
        return new CloudConfig.RateLimit(
                requests.perSecond() / PARTY_RATE_DIVISOR, Math.max(1, requests.burst() / PARTY_BURST_DIVISOR));
    }

    /**
     * Takes a read for a request from {@code from}, in the paired viewers' lane first when its pass
     * {@code passed}: false when its party or the core has none left now.
     */
    boolean tryRead(InetSocketAddress from, boolean passed, long now) {
        if (passed && paired.tryTake(now)) {
            return true;
        }
        // The core's bucket is looked at first, so a flood it refuses spends no party's tokens.
        return core.has(now) && perParty.acquire(from, now) == SourceRateLimiter.Verdict.ALLOWED && core.tryTake(now);
    }

    /** Forgets party buckets that have refilled; called on a timer. */
    void forgetRefilled(long now) {
        perParty.forgetRefilled(now);
    }
}
