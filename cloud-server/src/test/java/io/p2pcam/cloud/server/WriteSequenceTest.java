package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WriteSequenceTest {
    @Test
    void numbersGrowWithinAMillisecondAndWhenTheClockGoesBack() {
        WriteSequence sequence = new WriteSequence();
        long first = sequence.next(1_000);
        long second = sequence.next(1_000);
        long afterClockWentBack = sequence.next(999);

        assertThat(first).isEqualTo(1_000_000);
        assertThat(second).isEqualTo(1_000_001);
        assertThat(afterClockWentBack).isEqualTo(1_000_002);
    }

    @Test
    void aRestartedNodesFirstNumberIsAboveItsOldOnes() {
        WriteSequence old = new WriteSequence();
        long oldLast = 0;
        for (int i = 0; i < 999; i++) { // 999 writes within one millisecond
            oldLast = old.next(5_000);
        }

        long restarted = new WriteSequence().next(5_001);

        assertThat(restarted).isGreaterThan(oldLast);
    }
}
