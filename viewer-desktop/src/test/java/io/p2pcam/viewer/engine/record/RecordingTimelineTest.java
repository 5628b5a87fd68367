package io.p2pcam.viewer.engine.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RecordingTimelineTest {

    private final RecordingTimeline timeline = new RecordingTimeline();

    @Test
    void startsAtZeroAndKeepsTheCamerasSteps() {
        assertThat(times(900_000, 903_000, 906_003, 909_000)).containsExactly(0, 3000, 6003, 9000);
        assertThat(timeline.frameTicks()).isEqualTo(2997);
        assertThat(timeline.repairs()).isZero();
    }

    @Test
    void theThirtyTwoBitWrapIsAStepForward() {
        long max = 0xFFFF_FFFFL;
        assertThat(times(max - 2999, max - 1, 1500, 4500)).containsExactly(0, 2998, 4500, 7500);
        assertThat(timeline.repairs()).isZero();
    }

    @Test
    void aRepeatedTimestampIsPlacedAFrameLaterAndTheNextFrameKeepsItsOwnTime() {
        assertThat(times(0, 3000, 3000, 9000, 12000)).containsExactly(0, 3000, 6000, 9000, 12000);
        assertThat(timeline.repairs()).isEqualTo(1);
    }

    @Test
    void aClockThatJumpsBackIsFollowedFromItsSecondFrameOn() {
        // The camera restarted: its new random base is far behind the old one.
        assertThat(times(5_000_000, 5_003_000, 1_000, 4_000, 7_000, 10_000))
                .containsExactly(0, 3000, 6000, 9000, 12000, 15000);
        assertThat(timeline.repairs()).isEqualTo(2);
    }

    @Test
    void aStallLongerThanTheLimitIsCutToOneFrame() {
        long stall = RecordingTimeline.MAX_GAP_TICKS + 1;
        assertThat(times(0, 3000, 3000 + stall, 6000 + stall, 9000 + stall))
                .containsExactly(0, 3000, 6000, 9000, 12000);
    }

    @Test
    void aGapWithinTheLimitIsKeptButIsNotAFrameDuration() {
        timeline.next(0);
        timeline.next(3000);
        timeline.gap();

        assertThat(timeline.next(90_000)).isEqualTo(90_000);
        assertThat(timeline.frameTicks()).isEqualTo(3000);
        assertThat(timeline.next(93_600)).isEqualTo(93_600);
        assertThat(timeline.frameTicks()).isEqualTo(3600);
    }

    @Test
    void captureTimesMapToTheFileUnchangedUntilAStallIsCutShort() {
        long stall = RecordingTimeline.MAX_GAP_TICKS + 1;
        times(0, 3000, 6000 + stall);
        assertThat(timeline.captureToFileTicks())
                .as("one bad frame leaves the mapping")
                .isZero();
        times(9000 + stall);
        assertThat(timeline.captureToFileTicks()).isEqualTo(-stall);
    }

    @Test
    void aStretchStartedAnewStartsNoEarlierThanTheSoundWritten() {
        // Longer than the limit past the sound written too: else the frame lines up with it.
        long stall = 2 * RecordingTimeline.MAX_GAP_TICKS;
        times(0, 3000);
        timeline.soundWrittenUntil(5 * RecordingTimeline.TICKS_PER_SECOND);
        timeline.soundWrittenUntil(RecordingTimeline.TICKS_PER_SECOND); // the furthest counts
        assertThat(times(6000 + stall, 9000 + stall, 12000 + stall))
                .as("from the first frame after the stall, the sound having gone on without the pictures")
                .containsExactly(450_000, 453_000, 456_000);
        assertThat(timeline.captureToFileTicks()).isEqualTo(450_000 - 6000 - stall);
    }

    @Test
    void aLoneBadTimestampWithTheSoundLeadingThePicturesALittleStillGoesOneFrameOn() {
        times(0, 3000);
        // The sound arrives ahead of its pictures: that is no sound going on without them.
        timeline.soundWrittenUntil(3000 + RecordingTimeline.TICKS_PER_SECOND / 2);
        assertThat(times(3000, 9000, 12000)).containsExactly(6000, 9000, 12000);
    }

    @Test
    void aFrameThatFollowsOnIsNotHeldBackBySoundAhead() {
        times(0, 3000);
        timeline.soundWrittenUntil(90_000);
        assertThat(times(6000)).containsExactly(6000);
    }

    @Test
    void aStretchTheSoundConfirmsStartsAtOnceAndTheFramesAfterItGoOnInIt() {
        long stall = RecordingTimeline.MAX_GAP_TICKS + 1;
        times(0, 3000, 6000 + stall);
        assertThat(timeline.pendingCaptureToFileTicks()).hasValue(-stall);

        timeline.followPendingStretch(-stall + 600); // the sound written reaches 600 ticks further
        assertThat(timeline.captureToFileTicks()).isEqualTo(-stall + 600);
        assertThat(timeline.pendingCaptureToFileTicks()).isEmpty();
        assertThat(times(9000 + stall, 12_000 + stall)).containsExactly(9600, 12_600);
        assertThat(timeline.repairs()).isEqualTo(1);
    }

    @Test
    void aFrameAfterALongGapLinesUpWithTheSoundThatWentOnMeanwhile() {
        long gap = 3 * RecordingTimeline.MAX_GAP_TICKS;
        times(0, 3000);
        timeline.soundWrittenUntil(gap); // the sound went on without the pictures
        assertThat(times(3000 + gap, 6000 + gap)).containsExactly(3000 + gap, 6000 + gap);
        assertThat(timeline.repairs()).isZero();
    }

    private long[] times(long... rtp) {
        return Arrays.stream(rtp).map(timeline::next).toArray();
    }
}
