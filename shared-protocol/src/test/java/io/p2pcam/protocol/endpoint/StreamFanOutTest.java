package io.p2pcam.protocol.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.p2pcam.protocol.media.MalformedRtpException;
import io.p2pcam.protocol.media.OutgoingRtp;
import io.p2pcam.protocol.media.RtpPacket;
import io.p2pcam.protocol.session.VideoStream;
import java.util.ArrayDeque;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The camera's outgoing media on its own, without viewers: what it refuses from the camera's
 * encoder and what it reports while nobody watches. (Fan-out to real viewers, stream selection and
 * feedback are shown end to end in StreamSelectionTest and CameraEndpointTest.)
 */
class StreamFanOutTest {
    private final ArrayDeque<CameraEvent> events = new ArrayDeque<>();

    private StreamFanOut fanOut(boolean hasSub) {
        return new StreamFanOut(hasSub, 16, List.of(), events);
    }

    /** An empty RTP packet (a header, no payload) as the camera's packetizer hands it over. */
    private static OutgoingRtp packet() {
        return OutgoingRtp.of(new RtpPacket(96, true, 1, 0, 1, new byte[0]));
    }

    @Test
    void aPacketShorterThanAnRtpHeaderIsRefusedAsTheCallersBug() {
        EndpointWorld world = new EndpointWorld(4);
        assertThatThrownBy(() -> world.camera.sendMedia(VideoStream.MAIN, new byte[11], world.now))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("media must be an RTP packet")
                .hasCauseInstanceOf(MalformedRtpException.class);
    }

    @Test
    void aSubStreamPacketOnACameraWithoutASubStreamIsRefused() {
        assertThatThrownBy(() -> fanOut(false).send(VideoStream.SUB, packet(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SUB");
    }

    @Test
    void withNoViewersNoStreamIsWatchedAndNoDemandChangeIsReported() {
        StreamFanOut fanOut = fanOut(true);
        fanOut.send(VideoStream.MAIN, packet(), 0);
        fanOut.send(VideoStream.SUB, packet(), 0);
        fanOut.reportDemand();

        assertThat(fanOut.watched(VideoStream.MAIN)).isFalse();
        assertThat(fanOut.watched(VideoStream.SUB)).isFalse();
        assertThat(events).isEmpty();
    }

    @Test
    void theMainBitrateSetBeforeAnyViewerIsTheOneANewViewerStartsAt() {
        StreamFanOut fanOut = fanOut(true);
        fanOut.setMediaBitrate(VideoStream.MAIN, 2_000_000);
        fanOut.setMediaBitrate(VideoStream.SUB, 500_000);

        assertThat(fanOut.mediaBitrate()).isEqualTo(2_000_000);
    }
}
