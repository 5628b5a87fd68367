package io.p2pcam.protocol.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.pairing.TokenBucket;
import org.junit.jupiter.api.Test;

class TokenBucketsPerKeyTest {
    private static final Bytes ALICE = Bytes.of(new byte[] {1});
    private static final Bytes BOB = Bytes.of(new byte[] {2});
    private static final Bytes CAROL = Bytes.of(new byte[] {3});

    private final TokenBucketsPerKey buckets = new TokenBucketsPerKey(1, 1_000, 2);

    @Test
    void aKeyKeepsItsBucketSoATokenTakenIsMissingForItsNextSession() {
        buckets.of(ALICE, 0).take();

        TokenBucket again = buckets.of(ALICE, 500);

        assertThat(again.has(500)).isFalse();
        assertThat(again.has(1_000)).as("refilled by time, not by asking again").isTrue();
        assertThat(buckets.of(BOB, 500).has(500)).as("another key's bucket").isTrue();
    }

    @Test
    void theLeastRecentlyUsedKeyIsForgottenPastTheLimitAndStartsFull() {
        buckets.of(ALICE, 0).take();
        buckets.of(BOB, 0).take();
        buckets.of(ALICE, 0); // used again: Bob is now the eldest

        buckets.of(CAROL, 0);

        assertThat(buckets.of(ALICE, 0).has(0)).as("kept").isFalse();
        assertThat(buckets.of(BOB, 0).has(0)).as("forgotten, so full").isTrue();
    }
}
