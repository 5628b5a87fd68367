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

    /** A packet every 20 ms from {@code from} to {@code until} (exclusive), as a talking viewer sends. */
    private void talk(int sessionId, long from, long until) {
        for (long t = from; t < until; t += 20) {
            assertThat(floor.admit(sessionId, t)).as("packet at %d", t).isTrue();
        }
    }

    @Test
    void aHolderThatNeverPausesLosesTheFloorAfterItsMaximumTurnWhenAnotherAsks() {
        talk(1, 1_000, 1_000 + TalkFloor.MAX_TURN_MILLIS - 20);
        assertThat(floor.admit(2, 1_000 + TalkFloor.MAX_TURN_MILLIS - 20)).isFalse();
        assertThat(floor.admit(1, 1_000 + TalkFloor.MAX_TURN_MILLIS - 10)).isTrue();

        assertThat(floor.admit(2, 1_000 + TalkFloor.MAX_TURN_MILLIS)).isTrue();

        assertThat(floor.holder(1_000 + TalkFloor.MAX_TURN_MILLIS)).isEqualTo(2);
        assertThat(floor.admit(1, 1_000 + TalkFloor.MAX_TURN_MILLIS + 10)).isFalse();
        // the new holder's turn is a full one: the old holder cannot take the floor straight back
        talk(2, 1_000 + TalkFloor.MAX_TURN_MILLIS + 20, 1_000 + 2 * TalkFloor.MAX_TURN_MILLIS - 20);
        assertThat(floor.admit(1, 1_000 + 2 * TalkFloor.MAX_TURN_MILLIS - 10)).isFalse();
    }

    @Test
    void nobodyAskingTheHolderTalksPastItsMaximumTurn() {
        talk(1, 1_000, 1_000 + 2 * TalkFloor.MAX_TURN_MILLIS);

        assertThat(floor.holder(1_000 + 2 * TalkFloor.MAX_TURN_MILLIS)).isEqualTo(1);
        assertThat(floor.refused()).isZero();
    }

    @Test
    void aTurnBeginsAfreshWhenTheHolderPausedAndTookTheFloorAgain() {
        talk(1, 1_000, 31_000);
        talk(1, 31_000 + TalkFloor.RELEASE_MILLIS, 31_000 + TalkFloor.RELEASE_MILLIS + TalkFloor.MAX_TURN_MILLIS - 20);

        assertThat(floor.admit(2, 31_000 + TalkFloor.RELEASE_MILLIS + 40_000)).isFalse();
    }

    @Test
    void theOwnerTakesTheFloorAtOnceAndOnlyTheFormerHolderIsToldItWasTakenOver() {
        assertThat(floor.admit(1, false, 1_000)).isTrue();
        assertThat(floor.admit(2, true, 1_010)).as("the owner, at once").isTrue();

        assertThat(floor.admit(1, false, 1_020)).isFalse();
        assertThat(floor.takenFrom(1, 1_020)).isTrue();
        assertThat(floor.admit(3, false, 1_030)).as("others wait as before").isFalse();
        assertThat(floor.takenFrom(3, 1_030)).isFalse();
        assertThat(floor.holder(1_030)).isEqualTo(2);
        assertThat(floor.takeOvers()).isEqualTo(1);
    }

    @Test
    void nobodyTakesTheFloorFromTheOwnerNorDoesTheOwnersOtherSession() {
        assertThat(floor.admit(2, true, 1_000)).isTrue();

        assertThat(floor.admit(1, false, 1_010)).isFalse();
        assertThat(floor.admit(4, true, 1_020))
                .as("another session of the owner")
                .isFalse();
        assertThat(floor.takenFrom(1, 1_020)).isFalse();
        assertThat(floor.takeOvers()).isZero();
    }

    @Test
    void aTakeOverIsForgottenOnceTheOwnerFallsQuiet() {
        floor.admit(1, false, 1_000);
        floor.admit(2, true, 1_010);
        assertThat(floor.admit(1, false, 1_010 + TalkFloor.RELEASE_MILLIS))
                .as("the floor is free again")
                .isTrue();
        assertThat(floor.takenFrom(1, 1_010 + TalkFloor.RELEASE_MILLIS)).isFalse();
    }
}
