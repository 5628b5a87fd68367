package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WriteSequenceTest {
    private static final long FIRST = 1_796_500_000_000_000L;

    @Test
    void numbersGrowOneByOneFromTheFirstRedisReserved() {
        WriteSequence sequence = new WriteSequence(FIRST);

        assertThat(sequence.nextWrite()).isEqualTo(FIRST);
        assertThat(sequence.nextHeartbeat()).isEqualTo(FIRST + 1);
        assertThat(sequence.nextWrite()).isEqualTo(FIRST + 2);
    }

    @Test
    void writesStopShortOfTheReservationAndLeaveHeartbeatsTheirShare() {
        WriteSequence sequence = new WriteSequence(FIRST);
        long writes = 0;
        while (sequence.nextWrite() >= 0) {
            writes++;
        }

        assertThat(writes).isLessThan(WriteSequence.RESERVED_AHEAD).isGreaterThan(WriteSequence.RESERVED_AHEAD - 100);
        long heartbeat = sequence.nextHeartbeat();
        assertThat(heartbeat).isPositive().isLessThan(FIRST + WriteSequence.RESERVED_AHEAD);
    }

    @Test
    void anAnsweredHeartbeatMovesTheReservationOn() {
        WriteSequence sequence = new WriteSequence(FIRST);
        while (sequence.nextWrite() >= 0) {
            // spend the numbers for writes
        }
        long heartbeat = sequence.nextHeartbeat();

        sequence.heartbeatAnswered(heartbeat);

        assertThat(sequence.nextWrite()).isEqualTo(heartbeat + 1);
        assertThat(WriteSequence.reservedAfter(heartbeat)).isEqualTo(heartbeat + WriteSequence.RESERVED_AHEAD);
    }
}
