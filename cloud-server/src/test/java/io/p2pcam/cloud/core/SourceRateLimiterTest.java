package io.p2pcam.cloud.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The rate limiter's bound on sources: a full table refuses new sources cheaply, and admits them again once buckets refill. */
class SourceRateLimiterTest {
    private static final int MAX_SOURCES = 1000;
    /** One request a second, burst 3: a bucket used once is full again 1,000 ms later. */
    private static final CloudConfig.RateLimit ONE_A_SECOND = new CloudConfig.RateLimit(1, 3);

    /** Fills the table with sources that each took a token at {@code now}. */
    private static void fill(SourceRateLimiter limiter, long firstKey, long now) {
        for (long key = firstKey; key < firstKey + MAX_SOURCES; key++) {
            assertThat(limiter.acquire(key, now)).isEqualTo(SourceRateLimiter.Verdict.ALLOWED);
        }
    }

    @Test
    void aFloodOfNewSourcesAgainstAFullTableOfBusySourcesDoesNotSearchItForEachOne() {
        SourceRateLimiter limiter = new SourceRateLimiter(ONE_A_SECOND, MAX_SOURCES);
        fill(limiter, 0, 0);

        // 10 new sources a millisecond for 900 ms, while every bucket in the table is still refilling:
        // each search visits every slot and finds nothing to forget.
        int refused = 0;
        for (long now = 1; now <= 900; now++) {
            for (int i = 0; i < 10; i++) {
                if (limiter.acquire(1_000_000 + now * 10 + i, now) != SourceRateLimiter.Verdict.ALLOWED) {
                    refused++;
                }
            }
        }

        assertThat(refused).isEqualTo(9000);
        assertThat(limiter.fullTableScans())
                .as("searches of the full table for 9,000 new sources in 900 ms")
                .isLessThanOrEqualTo(900 / SourceRateLimiter.FULL_TABLE_SCAN_INTERVAL_MILLIS + 1);
    }

    @Test
    void aNewSourceIsAdmittedOnceTheTableHasRefilledBuckets() {
        SourceRateLimiter limiter = new SourceRateLimiter(ONE_A_SECOND, MAX_SOURCES);
        fill(limiter, 0, 0);
        assertThat(limiter.acquire(5_000_000, 999)).isEqualTo(SourceRateLimiter.Verdict.REFUSED);

        // Refilled at 1,000 ms; the search of 999 ms allows the next one a scan interval later.
        long nextSearch = 999 + SourceRateLimiter.FULL_TABLE_SCAN_INTERVAL_MILLIS;
        assertThat(limiter.acquire(5_000_001, nextSearch)).isEqualTo(SourceRateLimiter.Verdict.ALLOWED);
        assertThat(limiter.trackedSources()).isEqualTo(1);
    }
}
