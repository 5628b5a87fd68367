package io.p2pcam.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When the runner gives up on UDP to the cloud and tries TCP (docs/PROTOCOL.md §3.1). */
class CloudFallbackTest {
    private final CloudFallback fallback = new CloudFallback();

    @Test
    void aFreshRunnerStaysOnUdp() {
        assertThat(fallback.shouldUseTcp(0)).isFalse();
        assertThat(fallback.shouldUseTcp(1_000_000)).isFalse();
    }

    @Test
    void threeUnansweredSendsOverAtLeast1400MillisSwitchToTcp() {
        fallback.sentToCloud(1_000);
        fallback.sentToCloud(1_700);
        fallback.sentToCloud(2_399);
        assertThat(fallback.shouldUseTcp(2_399)).as("1399 ms after the first").isFalse();
        assertThat(fallback.shouldUseTcp(2_400)).isTrue();
    }

    @Test
    void manyUnansweredSendsInABurstAreNotEnoughUntilTheTimeHasPassed() {
        for (int i = 0; i < 50; i++) {
            fallback.sentToCloud(1_000 + i);
        }
        assertThat(fallback.shouldUseTcp(1_100)).isFalse();
        assertThat(fallback.shouldUseTcp(2_400)).isTrue();
    }

    @Test
    void twoUnansweredSendsAreNotEnoughHoweverLongAgo() {
        fallback.sentToCloud(0);
        fallback.sentToCloud(10);
        assertThat(fallback.shouldUseTcp(60_000)).isFalse();
        fallback.sentToCloud(60_000);
        assertThat(fallback.shouldUseTcp(60_000)).isTrue();
    }

    @Test
    void oneDatagramFromTheCloudStartsTheCountAgainFromTheNextSend() {
        fallback.sentToCloud(0);
        fallback.sentToCloud(700);
        fallback.heardFromCloud();
        fallback.sentToCloud(5_000);
        fallback.sentToCloud(5_700);
        assertThat(fallback.shouldUseTcp(6_000)).isFalse();
        fallback.sentToCloud(6_000);
        assertThat(fallback.shouldUseTcp(6_399))
                .as("measured from the first send after the answer")
                .isFalse();
        assertThat(fallback.shouldUseTcp(6_400)).isTrue();
    }
}
