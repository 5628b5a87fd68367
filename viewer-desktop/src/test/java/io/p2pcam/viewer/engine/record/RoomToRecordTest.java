package io.p2pcam.viewer.engine.record;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When a disk that filled has room enough for a recording to go on (decision 0073). */
class RoomToRecordTest {

    private final RoomToRecord room = new RoomToRecord();

    @Test
    void beforeAnyStreamIsMeasuredAMegabyteIsEnough() {
        assertThat(room.enough(RoomToRecord.MIN_BYTES - 1)).isFalse();
        assertThat(room.enough(RoomToRecord.MIN_BYTES)).isTrue();
    }

    @Test
    void aMeasuredStreamNeedsTenSecondsOfItself() {
        room.streamRate(500_000); // a 4 Mbit/s camera

        assertThat(room.needed()).isEqualTo(5_000_000);
        assertThat(room.enough(4_999_999)).as("the little a cut file freed").isFalse();
        assertThat(room.enough(5_000_000)).isTrue();
    }

    @Test
    void aSlowStreamStillNeedsTheFloor() {
        room.streamRate(10_000);

        assertThat(room.needed()).isEqualTo(RoomToRecord.MIN_BYTES);
    }

    @Test
    void theLatestMeasurementCountsAndNothingMeasuredChangesNothing() {
        room.streamRate(500_000);
        room.streamRate(200_000);
        room.streamRate(0); // a file that failed before its first picture

        assertThat(room.needed()).isEqualTo(2_000_000);
    }
}
