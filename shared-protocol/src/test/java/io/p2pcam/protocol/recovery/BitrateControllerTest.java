package io.p2pcam.protocol.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BitrateControllerTest {
    private static SenderLink.Quality loss(double fraction, long rtt) {
        return new SenderLink.Quality(fraction, 1, rtt, 0);
    }

    @Test
    void heavyLossBacksOffByHalfTheLossFraction() {
        BitrateController controller = new BitrateController(100_000, 2_000_000);
        assertThat(controller.onReport(loss(0.20, 20))).isEqualTo(1_800_000);
        assertThat(controller.onReport(loss(0.20, 20))).isEqualTo(1_620_000);
    }

    @Test
    void moderateLossHoldsAndLowLossProbesUpToTheConfiguredRate() {
        BitrateController controller = new BitrateController(100_000, 2_000_000);
        controller.onReport(loss(0.5, 20)); // 1.5 M
        assertThat(controller.onReport(loss(0.05, 20))).isEqualTo(1_500_000);
        assertThat(controller.onReport(loss(0.0, 20))).isEqualTo(1_575_000);
        for (int i = 0; i < 20; i++) {
            controller.onReport(loss(0.0, 20));
        }
        assertThat(controller.target()).isEqualTo(2_000_000);
    }

    @Test
    void aLongRoundTripBacksOffEvenWithoutLoss() {
        BitrateController controller = new BitrateController(100_000, 2_000_000);
        assertThat(controller.onReport(loss(0.0, 600))).isEqualTo(1_700_000);
    }

    @Test
    void neverBelowTheFloor() {
        BitrateController controller = new BitrateController(100_000, 2_000_000);
        for (int i = 0; i < 100; i++) {
            controller.onReport(loss(0.9, 900));
        }
        assertThat(controller.target()).isEqualTo(100_000);
    }
}
