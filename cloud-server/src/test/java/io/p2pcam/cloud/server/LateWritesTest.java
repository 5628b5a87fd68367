package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LateWritesTest {
    private static final long HOLD = 900_000;

    @Test
    void aNodeThatLostNoConnectionHasNoWriteThatCanRunLate() {
        assertThat(LateWrites.none().guardMillis(1_000_000, HOLD)).isZero();
    }

    @Test
    void aLostConnectionsWritesCanRunLateUntilTheHoldTheyWroteHasEnded() {
        LateWrites late = LateWrites.none();
        late.connectionLost(1_000_000);
        late.connectionLost(400_000); // an older loss reported late changes nothing

        assertThat(late.guardMillis(1_000_000, HOLD)).isEqualTo(HOLD);
        assertThat(late.guardMillis(1_600_000, HOLD)).isEqualTo(300_000);
        assertThat(late.guardMillis(1_900_000, HOLD)).isZero();
    }

    @Test
    void aProcessCountsItsStartAsALoss() {
        assertThat(LateWrites.startedAt(1_000_000).guardMillis(1_000_001, HOLD)).isEqualTo(HOLD - 1);
    }
}
