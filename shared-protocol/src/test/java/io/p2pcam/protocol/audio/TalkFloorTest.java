package io.p2pcam.protocol.audio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TalkFloorTest {
    private final TalkFloor floor = new TalkFloor();

    @Test
    void theFirstTalkerTakesTheFloorAndASecondIsRefusedWhileTheFirstTalks() {
        assertThat(floor.admit(1, 1_000)).isTrue();
        assertThat(floor.admit(2, 1_010)).isFalse();
        assertThat(floor.admit(1, 1_020)).isTrue();
        assertThat(floor.admit(2, 1_020 + TalkFloor.RELEASE_MILLIS - 1)).isFalse();

        assertThat(floor.holder(1_030)).isEqualTo(1);
        assertThat(floor.refused()).isEqualTo(2);
    }

    @Test
    void theFloorIsFreeAfterTheHolderPausedLongEnough() {
        floor.admit(1, 1_000);

        assertThat(floor.holder(1_000 + TalkFloor.RELEASE_MILLIS)).isNull();
        assertThat(floor.admit(2, 1_000 + TalkFloor.RELEASE_MILLIS)).isTrue();
        assertThat(floor.admit(1, 1_000 + TalkFloor.RELEASE_MILLIS + 20)).isFalse();
    }

    @Test
    void theFloorIsFreeAtOnceWhenTheHoldersSessionEnds() {
        floor.admit(1, 1_000);
        floor.sessionEnded(2); // not the holder: nothing changes
        assertThat(floor.admit(2, 1_001)).isFalse();

        floor.sessionEnded(1);

        assertThat(floor.admit(2, 1_002)).isTrue();
        assertThat(floor.holder(1_002)).isEqualTo(2);
    }
}
