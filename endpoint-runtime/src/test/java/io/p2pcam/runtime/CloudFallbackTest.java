package io.p2pcam.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When the runner gives up on UDP to the cloud and tries TCP (docs/PROTOCOL.md §3.1). */
class CloudFallbackTest {
    private final CloudFallback fallback = new CloudFallback();

    @Test
    void aFreshRunnerStaysOnUdp() {
        assertThat(fallback.unansweredTooLong(0)).isFalse();
        assertThat(fallback.unansweredTooLong(1_000_000)).isFalse();
    }

    @Test
    void threeUnansweredSendsOverAtLeast1400MillisSwitchToTcp() {
        fallback.sentToCloud(1_000);
        fallback.sentToCloud(1_700);
        fallback.sentToCloud(2_000);
        assertThat(fallback.unansweredTooLong(2_399))
                .as("1399 ms after the first")
                .isFalse();
        assertThat(fallback.unansweredTooLong(2_400)).isTrue();
    }

    /** The cloud's return: the outage's sends count, but the first request to the cloud back gets its chance. */
    @Test
    void theNewestSendHas400MillisToBeAnsweredBeforeTheSwitch() {
        for (int i = 0; i < 5; i++) {
            fallback.sentToCloud(i * 1_000L); // the cloud is down
        }
        fallback.sentToCloud(10_000);
        assertThat(fallback.unansweredTooLong(10_000)).isFalse();
        assertThat(fallback.unansweredTooLong(10_399)).isFalse();
        fallback.heardFromCloud(); // it is back
        assertThat(fallback.unansweredTooLong(10_400)).isFalse();

        fallback.sentToCloud(20_000);
        fallback.sentToCloud(20_500);
        fallback.sentToCloud(21_500);
        assertThat(fallback.unansweredTooLong(21_899)).isFalse();
        assertThat(fallback.unansweredTooLong(21_900))
                .as("unanswered: UDP is blocked")
                .isTrue();
    }

    @Test
    void manyUnansweredSendsInABurstAreNotEnoughUntilTheTimeHasPassed() {
        for (int i = 0; i < 50; i++) {
            fallback.sentToCloud(1_000 + i);
        }
        assertThat(fallback.unansweredTooLong(1_100)).isFalse();
        assertThat(fallback.unansweredTooLong(2_400)).isTrue();
    }

    @Test
    void twoUnansweredSendsAreNotEnoughHoweverLongAgo() {
        fallback.sentToCloud(0);
        fallback.sentToCloud(10);
        assertThat(fallback.unansweredTooLong(60_000)).isFalse();
        fallback.sentToCloud(60_000);
        assertThat(fallback.unansweredTooLong(60_400)).isTrue();
    }

    @Test
    void oneDatagramFromTheCloudStartsTheCountAgainFromTheNextSend() {
        fallback.sentToCloud(0);
        fallback.sentToCloud(700);
        fallback.heardFromCloud();
        fallback.sentToCloud(5_000);
        fallback.sentToCloud(5_700);
        assertThat(fallback.unansweredTooLong(6_000)).isFalse();
        fallback.sentToCloud(6_000);
        assertThat(fallback.unansweredTooLong(6_399))
                .as("measured from the first send after the answer")
                .isFalse();
        assertThat(fallback.unansweredTooLong(6_400)).isTrue();
    }

    @Test
    void itSaysWhenTheSwitchWillBeDueSoThatTheRunnerWakesForIt() {
        assertThat(fallback.dueAt()).isEqualTo(Long.MAX_VALUE);
        fallback.sentToCloud(1_000);
        fallback.sentToCloud(1_100);
        assertThat(fallback.dueAt())
                .as("two sends: the third will count when it goes")
                .isEqualTo(Long.MAX_VALUE);
        fallback.sentToCloud(1_200);
        assertThat(fallback.dueAt()).as("1,400 ms after the first").isEqualTo(2_400);
        fallback.sentToCloud(2_300);
        assertThat(fallback.dueAt()).as("400 ms after the newest").isEqualTo(2_700);
        assertThat(fallback.unansweredTooLong(2_699)).isFalse();
        assertThat(fallback.unansweredTooLong(2_700)).isTrue();
        fallback.heardFromCloud();
        assertThat(fallback.dueAt()).isEqualTo(Long.MAX_VALUE);
    }
}
