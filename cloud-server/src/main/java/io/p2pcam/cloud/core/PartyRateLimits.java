package io.p2pcam.cloud.core;

import java.net.InetSocketAddress;

/**
 * A token bucket per party at every {@link Party} level: the IPv4 address or IPv6 /64, and for
 * IPv6 also the /56 and the /48, whose buckets are {@link Quotas#rateFactor56} and
 * {@link Quotas#rateFactor48} times larger (rate and burst). Taking a token takes one at every
 * level, narrowest first: one source over its own rate is refused at its /64 and leaves the
 * buckets it shares with its neighbours untouched. Not thread-safe.
 */
final class PartyRateLimits {
    private final SourceRateLimiter[] levels;

    /** @param maxSources sources tracked at most per level (see {@link SourceRateLimiter}) */
    PartyRateLimits(CloudConfig.RateLimit rate, Quotas quotas, int maxSources) {
        this.levels = new SourceRateLimiter[] {
            new SourceRateLimiter(rate, maxSources),
            new SourceRateLimiter(scaled(rate, quotas.rateFactor56()), maxSources),
            new SourceRateLimiter(scaled(rate, quotas.rateFactor48()), maxSources)
        };
    }

    private static CloudConfig.RateLimit scaled(CloudConfig.RateLimit rate, double factor) {
        return new CloudConfig.RateLimit(
                rate.perSecond() * factor, (int) Math.min(Integer.MAX_VALUE, Math.ceil(rate.burst() * factor)));
    }

    /** Takes a token for {@code from} at each of its levels; the first refusal, if any, is the verdict. */
    SourceRateLimiter.Verdict acquire(InetSocketAddress from, long now) {
        for (int level = 0; level < Party.LEVELS; level++) {
            if (!Party.hasLevel(from, level)) {
                continue;
            }
            SourceRateLimiter.Verdict verdict = levels[level].acquire(Party.key(from, level), now);
            if (verdict != SourceRateLimiter.Verdict.ALLOWED) {
                return verdict;
            }
        }
        return SourceRateLimiter.Verdict.ALLOWED;
    }

    /** Forgets buckets that have refilled; called on a timer. */
    void forgetRefilled(long now) {
        for (SourceRateLimiter level : levels) {
            level.forgetRefilled(now);
        }
    }
}
