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
        assertThat(sequence.reservedAfter(heartbeat)).isEqualTo(heartbeat + WriteSequence.RESERVED_AHEAD);
    }

    @Test
    void writesPastHalfTheReservationAskForMoreOnceAndGoOnAboveEveryNumberHandedOut() {
        long reservation = 1024;
        WriteSequence sequence = new WriteSequence(FIRST, reservation);
        long asked = -1;
        long last = -1;
        for (int i = 0; i < reservation; i++) {
            long number = sequence.nextWrite();
            if (number >= 0) {
                last = number;
            }
            if (sequence.startReserving()) {
                assertThat(asked)
                        .as("a second request while the first is under way")
                        .isEqualTo(-1);
                asked = sequence.nextUnused();
            }
        }
        assertThat(asked)
                .as("the lowest first number asked for, once half the reservation was spent")
                .isEqualTo(FIRST + reservation / 2 + 1);
        assertThat(sequence.nextWrite())
                .as("a write with the reservation spent, more not come yet")
                .isEqualTo(-1);

        sequence.reserved(FIRST + reservation); // Redis's answer: above all it reserved before

        long next = sequence.nextWrite();
        assertThat(next).as("the first write once more came").isEqualTo(last + 1);
        long further = 0;
        while (sequence.nextWrite() >= 0) {
            further++;
        }
        assertThat(further).as("writes the new reservation left room for").isGreaterThan(reservation - 100);
    }

    @Test
    void aRequestForMoreThatFailedIsMadeAgainAtTheNextWrite() {
        WriteSequence sequence = new WriteSequence(FIRST, 1024);
        while (!sequence.startReserving()) {
            sequence.nextWrite();
        }
        sequence.nextWrite();
        assertThat(sequence.startReserving())
                .as("another request while one is under way")
                .isFalse();

        sequence.reserved(null);

        assertThat(sequence.startReserving())
                .as("a request after the one before failed")
                .isTrue();
    }
}
