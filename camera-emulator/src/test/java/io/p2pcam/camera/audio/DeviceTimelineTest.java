package io.p2pcam.camera.audio;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.audio.OpusRtp;
import org.junit.jupiter.api.Test;

class DeviceTimelineTest {
    private static final int FRAME = OpusRtp.FRAME_SAMPLES;
    private final DeviceTimeline timeline = new DeviceTimeline();

    @Test
    void theFirstFrameIsStampedWithItsArrivalMinusWhatIsBuffered() {
        assertThat(timeline.nextFrame(1_000_000, 2 * FRAME)).isEqualTo(1_000_000 - 2 * FRAME);
    }

    @Test
    void framesFollowEachOtherWithoutGapsWhateverTheArrivalJitter() {
        long first = timeline.nextFrame(1_000_000, FRAME);
        long second = timeline.nextFrame(1_000_000 + FRAME + 1_500, FRAME); // 31 ms late: jitter
        long third = timeline.nextFrame(1_000_000 + 2 * FRAME - 2_000, FRAME); // early

        assertThat(second - first).isEqualTo(FRAME);
        assertThat(third - second).isEqualTo(FRAME);
        assertThat(timeline.resyncs()).isZero();
    }

    @Test
    void samplesLostInAnOverrunMoveTheTimelineForwardToTheArrival() {
        timeline.nextFrame(1_000_000, FRAME);
        long late = 1_000_000 + FRAME + DeviceTimeline.LATE_RESYNC_SAMPLES + 1;

        assertThat(timeline.nextFrame(late + FRAME, FRAME)).isEqualTo(late);
        assertThat(timeline.resyncs()).isEqualTo(1);
    }

    @Test
    void aHeldUpFirstBurstDoesNotMoveTheTimelineBack() {
        timeline.nextFrame(1_000_000, FRAME); // arrived 75 ms late
        long next = timeline.nextFrame(1_000_000 + FRAME - 3_600, FRAME);

        assertThat(next).isEqualTo(1_000_000);
        assertThat(timeline.resyncs()).isZero();
    }

    @Test
    void aDeviceClockFarAheadOfOursMovesTheTimelineBack() {
        timeline.nextFrame(1_000_000, FRAME);
        long early = 1_000_000 - DeviceTimeline.EARLY_RESYNC_SAMPLES - 1;

        assertThat(timeline.nextFrame(early + FRAME, FRAME)).isEqualTo(early);
        assertThat(timeline.resyncs()).isEqualTo(1);
    }
}
