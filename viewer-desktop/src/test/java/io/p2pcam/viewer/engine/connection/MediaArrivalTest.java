package io.p2pcam.viewer.engine.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.media.PictureSize;
import io.p2pcam.protocol.recovery.VideoReceiver;
import io.p2pcam.protocol.recovery.VideoReceiver.FirstUnit;
import org.junit.jupiter.api.Test;

class MediaArrivalTest {
    private final MediaArrival arrival = new MediaArrival();

    @Test
    void theFirstPacketIsStampedInItsTurnAndTheFirstStreamIsNoSwitch() {
        arrival.turn(VideoReceiver.Progress.NONE, 100);
        assertThat(arrival.firstMediaNanos()).as("nothing received yet").isZero();

        arrival.turn(progress(0x1111, 1), 200);
        arrival.turn(progress(0x1111, 5), 300);

        assertThat(arrival.firstMediaNanos()).isEqualTo(200);
        assertThat(arrival.streamChangedNanos()).isZero();
    }

    @Test
    void aNewSsrcIsStampedOnceInTheTurnItFirstCameAndTheFirstPacketKeepsItsStamp() {
        arrival.turn(progress(0x1111, 3), 200);
        arrival.turn(progress(0x2222, 4), 500);
        arrival.turn(progress(0x2222, 9), 600);

        assertThat(arrival.streamChangedNanos()).isEqualTo(500);
        assertThat(arrival.firstMediaNanos()).isEqualTo(200);
    }

    private static VideoReceiver.Progress progress(long ssrc, long packets) {
        return new VideoReceiver.Progress(
                packets, packets * 1_000, ssrc, packets, FirstUnit.NONE_YET, 0, PictureSize.UNKNOWN);
    }
}
