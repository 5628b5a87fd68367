package io.p2pcam.protocol.pairing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class UnpairedBudgetTest {
    private final UnpairedBudget budget = new UnpairedBudget(UnpairedBudget.Limits.DEFAULTS, 0);

    private static InetAddress ip(String text) throws Exception {
        return InetAddress.getByName(text);
    }

    @Test
    void oneSourceGetsFourAtOnceThenOneEveryFiveSeconds() throws Exception {
        for (int i = 0; i < 4; i++) {
            assertThat(budget.tryAcquire(ip("192.0.2.1"), 0)).isZero();
        }
        assertThat(budget.tryAcquire(ip("192.0.2.1"), 0)).isEqualTo(5_000);
        assertThat(budget.tryAcquire(ip("192.0.2.1"), 5_000)).isZero();
    }

    @Test
    void addressesInsideOneIpv6Slash64ShareABucket() throws Exception {
        for (int i = 1; i <= 4; i++) {
            assertThat(budget.tryAcquire(ip("2001:db8:1:2::" + i), 0)).isZero();
        }
        assertThat(budget.tryAcquire(ip("2001:db8:1:2::99"), 0)).isPositive();
        assertThat(budget.tryAcquire(ip("2001:db8:1:3::1"), 0)).isZero();
    }

    @Test
    void theCameraWideBucketHoldsEightThenOneEveryHalfSecond() throws Exception {
        for (int i = 0; i < 8; i++) {
            assertThat(budget.tryAcquire(ip("198.51.100." + i), 0)).isZero();
        }
        assertThat(budget.tryAcquire(ip("198.51.100.50"), 0)).isEqualTo(500);
        assertThat(budget.tryAcquire(ip("198.51.100.50"), 500)).isZero();
    }

    @Test
    void afterFiveFreeFailuresTheWaitDoublesUpToFiveMinutesAndARightPasswordEndsIt() throws Exception {
        for (int i = 0; i < 5; i++) {
            budget.failed(0);
        }
        assertThat(budget.backoff()).isZero();
        budget.failed(0);
        assertThat(budget.backoff()).isEqualTo(1_000);
        budget.failed(0);
        assertThat(budget.backoff()).isEqualTo(2_000);
        for (int i = 0; i < 30; i++) {
            budget.failed(0);
        }
        assertThat(budget.backoff()).isEqualTo(300_000);
        assertThat(budget.tryAcquire(ip("192.0.2.9"), 1_000)).isEqualTo(299_000);
        budget.succeeded();
        assertThat(budget.tryAcquire(ip("192.0.2.9"), 1_000)).isZero();
    }

    @Test
    void failuresAreForgottenAfterAQuietSpellOfThreeTimesTheLongestWait() throws Exception {
        for (int i = 0; i < 30; i++) {
            budget.failed(0);
        }
        assertThat(budget.tryAcquire(ip("192.0.2.9"), 900_000)).isZero();
        assertThat(budget.backoff()).isZero();
    }
}
