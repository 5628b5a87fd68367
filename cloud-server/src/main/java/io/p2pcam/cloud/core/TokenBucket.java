package io.p2pcam.cloud.core;

/**
 * One token bucket on the core's millisecond clock: {@code perSecond} tokens a second, at most
 * {@code burst} held, full at the start. For a single budget of a whole core (hand-overs, registry
 * reads); the per-party and per-camera buckets live in tables of their own ({@link SourceBuckets},
 * {@link CameraConnectCap}). Not thread-safe: owned by the core's thread.
 */
final class TokenBucket {
    private final double perMilli;
    private final double burst;
    private double tokens;
    /** When {@link #tokens} was last brought up to date; none yet: the bucket is full. */
    private long updatedAt = Long.MIN_VALUE;

    TokenBucket(double perSecond, int burst) {
        this.perMilli = perSecond / 1000.0;
        this.burst = burst;
        this.tokens = burst;
    }

    /** Whether a token is there at {@code now}, without taking it. */
    boolean has(long now) {
        refill(now);
        return tokens >= 1;
    }

    /** Takes a token: false when there is none now. */
    boolean tryTake(long now) {
        if (!has(now)) {
            return false;
        }
        tokens -= 1;
        return true;
    }

    private void refill(long now) {
        if (updatedAt != Long.MIN_VALUE && now > updatedAt) {
            tokens = Math.min(burst, tokens + (now - updatedAt) * perMilli);
        }
        updatedAt = Math.max(updatedAt, now);
    }
}
