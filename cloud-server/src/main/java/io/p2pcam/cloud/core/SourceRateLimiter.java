package io.p2pcam.cloud.core;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * A token bucket per party key ({@link Party#key}): per IPv4 address or IPv6 /64 at level 0 (one
 * household or host gets one /64, so per-address limits there would be no limit at all), and per
 * /56 or /48 when the caller asks for those levels. The number of sources tracked is
 * bounded: when the table is full, buckets that have refilled are forgotten (they carry no
 * information); if none has, a new source is refused until one does, so a flood of spoofed
 * sources costs memory up to the bound and no further. Not thread-safe.
 */
final class SourceRateLimiter {
    private final double perMilli;
    private final double burst;
    private final int maxSources;
    private final Map<Long, Bucket> buckets = new HashMap<>();

    private static final class Bucket {
        double tokens;
        long updatedAt;
        long lastRefusalReportedAt = Long.MIN_VALUE / 2;
    }

    SourceRateLimiter(CloudConfig.RateLimit limit, int maxSources) {
        this.perMilli = limit.perSecond() / 1000.0;
        this.burst = limit.burst();
        this.maxSources = maxSources;
    }

    enum Verdict {
        ALLOWED,
        REFUSED,
        REFUSED_TELL_ONCE
    }

    /**
     * Takes one token for {@code source}. {@link Verdict#REFUSED_TELL_ONCE} is a refusal the caller
     * may answer with an error: at most once a second per source, so that a client hears why
     * without the answers becoming a flood of their own.
     */
    Verdict acquire(InetSocketAddress source, long now) {
        return acquire(Party.key(source, 0), now);
    }

    /** As {@link #acquire(InetSocketAddress, long)}, for the party with {@code key}. */
    Verdict acquire(long key, long now) {
        Bucket bucket = buckets.get(key);
        if (bucket == null) {
            if (buckets.size() >= maxSources && !forgetRefilled(now)) {
                return Verdict.REFUSED;
            }
            bucket = new Bucket();
            bucket.tokens = burst;
            bucket.updatedAt = now;
            buckets.put(key, bucket);
        }
        bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.updatedAt) * perMilli);
        bucket.updatedAt = now;
        if (bucket.tokens >= 1) {
            bucket.tokens -= 1;
            return Verdict.ALLOWED;
        }
        if (now - bucket.lastRefusalReportedAt >= 1000) {
            bucket.lastRefusalReportedAt = now;
            return Verdict.REFUSED_TELL_ONCE;
        }
        return Verdict.REFUSED;
    }

    /** Forgets refilled buckets; called on a timer so idle sources do not pile up. */
    boolean forgetRefilled(long now) {
        int before = buckets.size();
        for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext(); ) {
            Bucket bucket = it.next();
            if (bucket.tokens + (now - bucket.updatedAt) * perMilli >= burst) {
                it.remove();
            }
        }
        return buckets.size() < before;
    }

    int trackedSources() {
        return buckets.size();
    }
}
