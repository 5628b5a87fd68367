package io.p2pcam.camera.live;

import static io.p2pcam.protocol.session.VideoStream.MAIN;
import static io.p2pcam.protocol.session.VideoStream.SUB;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.recovery.SenderLink;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateControlTest {
    private final List<Long> applied = new ArrayList<>();
    private long now = 10_000;
    private final RateControl rate = new RateControl(MAIN, 2_000_000, applied::add, () -> now);

    private static SenderLink.Quality lossy(double fraction) {
        return new SenderLink.Quality(fraction, 1, 20, 0);
    }

    @Test
    void theWorstViewerSetsTheRateInStepsSecondsApart() {
        rate.onReport(1, MAIN, lossy(0.0));
        rate.onReport(2, MAIN, lossy(0.3)); // viewer 2: 1.7 M, a 15 % step: not yet
        assertThat(applied).isEmpty();
        rate.onReport(2, MAIN, lossy(0.3)); // 1.445 M: 28 % below, applied
        assertThat(applied).containsExactly(1_445_000L);
        now += 1_000;
        rate.onReport(2, MAIN, lossy(0.5)); // far lower, but only a second later
        assertThat(applied).hasSize(1);
        now += 3_000;
        rate.onReport(2, MAIN, lossy(0.5));
        assertThat(applied).hasSize(2);
        assertThat(applied.getLast()).isLessThan(1_000_000L);
    }

    @Test
    void whenTheLossyViewerLeavesTheRateReturnsToTheConfiguredOne() {
        rate.onReport(2, MAIN, lossy(0.6));
        assertThat(applied).containsExactly(1_400_000L);
        now += 5_000;
        rate.forget(2);
        assertThat(applied).containsExactly(1_400_000L, 2_000_000L);
    }

    @Test
    void aViewerOfTheSubStreamDoesNotHoldTheMainStreamToItsPath() {
        for (int i = 0; i < 5; i++) {
            rate.onReport(3, SUB, lossy(0.6)); // the weak path the sub-stream is for
            now += 3_000;
        }
        assertThat(applied).isEmpty();
        assertThat(rate.current()).isEqualTo(2_000_000L);
    }

    @Test
    void theSubStreamFollowsTheWorstOfItsOwnViewersPathsAsTheMainStreamDoesOfItsOwn() {
        List<Long> subApplied = new ArrayList<>();
        RateControl sub = new RateControl(SUB, 700_000, subApplied::add, () -> now);

        for (int i = 0; i < 3; i++) {
            sub.onReport(3, SUB, lossy(0.6)); // a weak path on the sub-stream: not left at 700 kbit/s
            rate.onReport(3, SUB, lossy(0.6));
            now += 3_000;
        }
        sub.onReport(4, MAIN, lossy(0.6)); // a main-stream viewer does not hold the sub-stream to its path

        assertThat(subApplied)
                .isNotEmpty()
                .allSatisfy(bitrate -> assertThat(bitrate).isLessThan(700_000L));
        assertThat(sub.current()).isLessThan(500_000L);
        assertThat(applied)
                .as("the main stream is not held to the sub-stream's path")
                .isEmpty();

        now += 3_000;
        sub.forget(3);
        assertThat(subApplied.getLast()).isEqualTo(700_000L);
    }

    @Test
    void aViewerThatMovesToTheSubStreamNoLongerCountsForTheMainOne() {
        rate.onReport(2, MAIN, lossy(0.6));
        assertThat(applied).containsExactly(1_400_000L);
        now += 5_000;

        rate.onReport(2, SUB, lossy(0.6));

        assertThat(applied).containsExactly(1_400_000L, 2_000_000L);
    }
}
