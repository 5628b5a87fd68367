package io.p2pcam.protocol.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void aPacketShorterThanAnRtpHeaderIsRefusedAsTheCallersBug() {
        assertThatThrownBy(() -> fanOut(true).send(VideoStream.MAIN, new byte[11], 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("11 bytes");
    }

    @Test
    void aSubStreamPacketOnACameraWithoutASubStreamIsRefused() {
        assertThatThrownBy(() -> fanOut(false).send(VideoStream.SUB, new byte[12], 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SUB");
    }

    @Test
    void withNoViewersNoStreamIsWatchedAndNoDemandChangeIsReported() {
        StreamFanOut fanOut = fanOut(true);
        fanOut.send(VideoStream.MAIN, new byte[12], 0);
        fanOut.send(VideoStream.SUB, new byte[12], 0);
        fanOut.reportDemand();

        assertThat(fanOut.watched(VideoStream.MAIN)).isFalse();
        assertThat(fanOut.watched(VideoStream.SUB)).isFalse();
        assertThat(events).isEmpty();
    }

    @Test
    void theBitrateSetBeforeAnyViewerIsTheOneANewViewerStartsAt() {
        StreamFanOut fanOut = fanOut(false);
        fanOut.setMediaBitrate(2_000_000);

        assertThat(fanOut.mediaBitrate()).isEqualTo(2_000_000);
    }
}
