package io.p2pcam.cloud.core;

import java.net.InetSocketAddress;
import java.security.SecureRandom;

/**
 * A token bucket per party key ({@link Party#key}): per IPv4 address or IPv6 /64 at level 0 (one
 * household or host gets one /64, so per-address limits there would be no limit at all), and per
 * /56 or /48 when the caller asks for those levels. The number of sources tracked is
 * bounded: when the table is full, buckets that have refilled are forgotten (they carry no
 * information); if none has, a new source is refused until one does, so a flood of spoofed
 * sources costs memory up to the bound and no further. A full table is searched for refilled
 * buckets at most once every {@link #FULL_TABLE_SCAN_INTERVAL_MILLIS}: a search visits every
 * slot, and a flood that keeps the table full of busy sources must not buy one search per
 * datagram. Not thread-safe.
 */
final class SourceRateLimiter {
    private final double perMilli;
    private final double burst;
    private final int maxSources;
    /**
     * How often at most a new source makes a full table search itself for refilled buckets: a
     * search of the largest table (200,000 sources, 524,288 slots) takes ~1.5 ms here, ~600 new
     * sources a second kept the event loop busy before this bound (SourceRateLimiterTest); now
     * searches cost under 1 % of a core per limiter, and a new honest source waits at most this
     * long after a bucket refilled.
     */
    static final long FULL_TABLE_SCAN_INTERVAL_MILLIS = 200;

    private final SourceBuckets buckets = new SourceBuckets(new SecureRandom().nextLong());
    private long nextFullTableScan = Long.MIN_VALUE;
    private long fullTableScans;

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
        int slot = buckets.find(key);
        if (slot < 0) {
            if (buckets.size() >= maxSources && !makeRoom(now)) {
                return Verdict.REFUSED;
            }
            slot = buckets.add(key);
            buckets.tokens[slot] = burst;
            buckets.updatedAt[slot] = now;
            buckets.lastRefusalReportedAt[slot] = Long.MIN_VALUE / 2;
        }
        double tokens = Math.min(burst, buckets.tokens[slot] + (now - buckets.updatedAt[slot]) * perMilli);
        buckets.updatedAt[slot] = now;
        if (tokens >= 1) {
            buckets.tokens[slot] = tokens - 1;
            return Verdict.ALLOWED;
        }
        buckets.tokens[slot] = tokens;
        if (now - buckets.lastRefusalReportedAt[slot] >= 1000) {
            buckets.lastRefusalReportedAt[slot] = now;
            return Verdict.REFUSED_TELL_ONCE;
        }
        return Verdict.REFUSED;
    }

    private boolean makeRoom(long now) {
        if (now < nextFullTableScan) {
            return false;
        }
        nextFullTableScan = now + FULL_TABLE_SCAN_INTERVAL_MILLIS;
        fullTableScans++;
        return forgetRefilled(now);
    }

    /** Forgets refilled buckets; called on a timer so idle sources do not pile up. */
    boolean forgetRefilled(long now) {
        return buckets.removeRefilled(now, perMilli, burst) > 0;
    }

    /** How many times a new source found the table full and searched it (at most one a scan interval). */
    long fullTableScans() {
        return fullTableScans;
    }

    int trackedSources() {
        return buckets.size();
    }
}
