package io.p2pcam.cloud.core;

/**
 * A relay session's bandwidth (docs/PROTOCOL.md §7): two token buckets, a peak rate one second
 * deep and an average rate {@link RelayLimits#averageWindow()} deep. A frame passes when both hold
 * its size; then both are charged. Time is the caller's monotonic milliseconds. Not thread-safe.
 */
final class RelayBudget {
    private final double peakRate;
    private final double averageRate;
    private final double averageDepth;
    private double peakTokens;
    private double averageTokens;
    private long refilledAt;

    RelayBudget(RelayLimits limits, long now) {
        this.peakRate = limits.peakBytesPerSecond() / 1000.0;
        this.averageRate = limits.averageBytesPerSecond() / 1000.0;
        this.averageDepth =
                limits.averageBytesPerSecond() * (limits.averageWindow().toMillis() / 1000.0);
        this.peakTokens = limits.peakBytesPerSecond();
        this.averageTokens = averageDepth;
        this.refilledAt = now;
    }

    /** Whether {@code bytes} may be forwarded now; if so they are charged. */
    boolean spend(int bytes, long now) {
        long elapsed = Math.max(0, now - refilledAt);
        refilledAt = Math.max(refilledAt, now);
        peakTokens = Math.min(peakRate * 1000, peakTokens + elapsed * peakRate);
        averageTokens = Math.min(averageDepth, averageTokens + elapsed * averageRate);
        if (peakTokens < bytes || averageTokens < bytes) {
            return false;
        }
        peakTokens -= bytes;
        averageTokens -= bytes;
        return true;
    }
}
