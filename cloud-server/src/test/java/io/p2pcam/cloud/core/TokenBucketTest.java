package io.p2pcam.cloud.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private final TokenBucket bucket = new TokenBucket(1_000, 5);

    @Test
    void aFullBucketGivesItsBurstAtOnceThenNothingAtTheSameInstant() {
        int taken = 0;
        while (bucket.tryTake(100)) {
            taken++;
        }
        assertThat(taken).isEqualTo(5);
        assertThat(bucket.has(100)).isFalse();
    }

    @Test
    void itRefillsAtItsRateUpToItsBurstAndNoFurther() {
        for (int i = 0; i < 5; i++) {
            bucket.tryTake(0);
        }
        assertThat(bucket.tryTake(1)).as("one token a millisecond").isTrue();
        assertThat(bucket.tryTake(1)).isFalse();

        int taken = 0;
        while (bucket.tryTake(60_000)) {
            taken++;
        }
        assertThat(taken).as("a minute later, still only the burst").isEqualTo(5);
    }

    @Test
    void lookingTakesNothingAndAClockThatStepsBackAddsNothing() {
        for (int i = 0; i < 5; i++) {
            bucket.tryTake(10);
        }
        assertThat(bucket.has(10)).isFalse();
        assertThat(bucket.has(5)).as("an earlier reading refills nothing").isFalse();
        assertThat(bucket.has(11)).isTrue();
        assertThat(bucket.has(11)).isTrue();
        assertThat(bucket.tryTake(11)).isTrue();
        assertThat(bucket.has(11)).isFalse();
    }
}
