package io.p2pcam.cloud.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PublishPaceTest {
    private static final long SWEEPS_PER_SECOND = 1_000 / Rendezvous.SWEEP_PERIOD_MILLIS;

    @Test
    void aSmallTableIsRepublishedWithinTheFastPeriods() {
        int allocated = 50_000;
        int perSweep = PublishPace.slotsPerSweep(
                allocated, true, Rendezvous.PUBLISH_PERIOD_MILLIS, PublishPace.FAST_WRITES_PER_SECOND);
        assertThat((long) perSweep * Rendezvous.FAST_PUBLISH_PERIODS).isGreaterThanOrEqualTo(allocated);
    }

    @Test
    void aMillionCamerasAreRepublishedNoFasterThanTheWriteRateOfACore() {
        int perSweep = PublishPace.slotsPerSweep(
                1_000_000, true, Rendezvous.PUBLISH_PERIOD_MILLIS, PublishPace.FAST_WRITES_PER_SECOND);
        assertThat(perSweep * SWEEPS_PER_SECOND)
                .as("registry writes a second from one core republishing a million cameras")
                .isLessThanOrEqualTo(PublishPace.FAST_WRITES_PER_SECOND);
    }

    @Test
    void theRefreshPaceVisitsTheWholeTableOncePerPublishPeriod() {
        int allocated = 1_000_000;
        long sweeps = Rendezvous.PUBLISH_PERIOD_MILLIS / Rendezvous.SWEEP_PERIOD_MILLIS;
        int perSweep = PublishPace.slotsPerSweep(
                allocated, false, Rendezvous.PUBLISH_PERIOD_MILLIS, PublishPace.FAST_WRITES_PER_SECOND);
        assertThat(perSweep * sweeps).isGreaterThanOrEqualTo(allocated);
        assertThat((perSweep - 1) * sweeps).isLessThan(allocated);
    }
}
