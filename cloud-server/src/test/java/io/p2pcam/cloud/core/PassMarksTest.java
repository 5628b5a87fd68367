package io.p2pcam.cloud.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.identity.CameraId;
import org.junit.jupiter.api.Test;

/** The order in which {@link PassMarks} lets marks go when it is full (docs/PROTOCOL.md §5.3, decision 0060). */
class PassMarksTest {
    private static final CameraId CAMERA = CameraId.fromBytes(new byte[CameraId.BYTES]);

    private final PassMarks marks = new PassMarks(2, 2);

    @Test
    void aForgettableMarkMakesRoomWithoutRaisingAnyFloor() {
        passed(1, 10, 100, 0);
        passed(2, 20, 1_000, 0);

        passed(3, 30, 1_000, 200);

        assertThat(marks.find(key(1), 200)).as("the mark forgettable since 100").isNull();
        assertThat(marks.find(key(2), 200)).as("the fresh mark").isNotNull();
        assertThat(marks.floor(1)).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void aFreshMarkDroppedRaisesTheFloorOfItsSlotOnly() {
        passed(1, 10, 500, 0);
        passed(2, 20, 1_000, 0);

        passed(3, 30, 1_000, 200); // full of fresh marks: the one forgettable soonest goes

        assertThat(marks.find(key(1), 200)).isNull();
        assertThat(marks.floor(1)).as("its slot's floor: its timestamp").isEqualTo(10);
        assertThat(marks.floor(2)).isEqualTo(Long.MIN_VALUE);
        assertThat(marks.find(key(2), 200)).isNotNull();
    }

    @Test
    void aCameraAtItsCapHasNoRoomUntilOneOfItsMarksIsForgettable() {
        passed(1, 10, 500, 0);
        passed(2, 20, 1_000, 0);

        assertThat(marks.roomFor(CAMERA)).isFalse();
        marks.find(key(3), 500);
        assertThat(marks.roomFor(CAMERA)).isTrue();
    }

    private void passed(long passId, long timestamp, long forgettableAt, long now) {
        marks.find(key(passId), now);
        PassMarks.Mark mark = marks.add(key(passId), (int) passId, CloudPasses.BURST, now);
        marks.passed(mark, timestamp, forgettableAt);
    }

    private static PassMarks.Key key(long passId) {
        return new PassMarks.Key(CAMERA, passId);
    }
}
