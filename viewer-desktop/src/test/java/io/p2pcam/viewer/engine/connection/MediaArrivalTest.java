package io.p2pcam.viewer.engine.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.endpoint.AnnouncedStreams;
import io.p2pcam.protocol.media.PictureSize;
import io.p2pcam.protocol.recovery.VideoReceiver;
import io.p2pcam.protocol.recovery.VideoReceiver.FirstUnit;
import io.p2pcam.protocol.session.VideoStream;
import org.junit.jupiter.api.Test;

class MediaArrivalTest {
    private final MediaArrival arrival = new MediaArrival();

    @Test
    void theFirstPacketIsStampedInItsTurnAndTheFirstStreamIsNoSwitch() {
        arrival.turn(VideoReceiver.Progress.NONE, null, 100);
        assertThat(arrival.firstMediaNanos()).as("nothing received yet").isZero();

        arrival.turn(progress(0x1111, 1), null, 200);
        arrival.turn(progress(0x1111, 5), null, 300);

        assertThat(arrival.firstMediaNanos()).isEqualTo(200);
        assertThat(arrival.streamChangedNanos()).isZero();
    }

    @Test
    void aNewSsrcIsStampedOnceInTheTurnItFirstCameAndTheFirstPacketKeepsItsStamp() {
        arrival.turn(progress(0x1111, 3), null, 200);
        arrival.turn(progress(0x2222, 4), null, 500);
        arrival.turn(progress(0x2222, 9), null, 600);

        assertThat(arrival.streamChangedNanos()).isEqualTo(500);
        assertThat(arrival.firstMediaNanos()).isEqualTo(200);
    }

    @Test
    void withListedStreamsOnlyTheMoveToTheStreamAskedForIsStampedAtItsFirstPacket() {
        arrival.listed(new AnnouncedStreams(true, SUB));
        arrival.turn(progress(0x1111, 3, MAIN), VideoStream.SUB, 200);
        arrival.turn(progress(0x2222, 4, PictureSize.UNKNOWN), VideoStream.SUB, 300);
        arrival.turn(progress(0x2222, 5, new PictureSize(960, 540)), VideoStream.SUB, 400);
        assertThat(arrival.streamChangedNanos())
                .as("the main stream reopened smaller under a new SSRC: not the sub-stream asked for")
                .isZero();

        arrival.turn(progress(0x5555, 6, PictureSize.UNKNOWN), VideoStream.SUB, 500); // its SPS lost
        arrival.turn(progress(0x5555, 9, SUB), VideoStream.SUB, 600);

        assertThat(arrival.streamChangedNanos())
                .as("the sub-stream, known by its listed size, from its first packet")
                .isEqualTo(500);
    }

    @Test
    void withListedStreamsTheStreamLeftRestartingIsNoSwitchBackToIt() {
        arrival.listed(new AnnouncedStreams(true, SUB));
        arrival.turn(progress(0x5555, 3, SUB), VideoStream.MAIN, 200); // asked for the main stream
        arrival.turn(progress(0x6666, 4, SUB), VideoStream.MAIN, 300); // the sub encoder restarted
        assertThat(arrival.streamChangedNanos()).isZero();

        arrival.turn(progress(0x1111, 5, MAIN), VideoStream.MAIN, 400);
        assertThat(arrival.streamChangedNanos()).isEqualTo(400);
    }

    private static final PictureSize MAIN = new PictureSize(1280, 720);
    private static final PictureSize SUB = new PictureSize(640, 360);

    private static VideoReceiver.Progress progress(long ssrc, long packets) {
        return progress(ssrc, packets, PictureSize.UNKNOWN);
    }

    private static VideoReceiver.Progress progress(long ssrc, long packets, PictureSize size) {
        return new VideoReceiver.Progress(packets, packets * 1_000, ssrc, packets, FirstUnit.NONE_YET, 0, size);
    }
}
