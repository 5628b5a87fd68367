package io.p2pcam.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.Bytes;
import org.junit.jupiter.api.Test;

class TaggedViewerHandshakeTest {
    @Test
    void theViewersHandshakeNamesTheCameraAndCarriesTheSendTime() {
        Bytes handshake = TaggedViewerHandshake.forCamera(987_654, 0x1234_5678_9abc_def1L);

        assertThat(handshake.length()).isEqualTo(TaggedViewerHandshake.BYTES);
        assertThat(TaggedViewerHandshake.cameraOf(handshake)).isEqualTo(987_654);
        assertThat(TaggedViewerHandshake.requestSentNanos(handshake)).isEqualTo(0x1234_5678_9abc_def1L);
    }

    @Test
    void theCamerasAnswerEchoesTheSendTimeAndAddsWhenItReadTheForward() {
        Bytes answer = TaggedViewerHandshake.answer(TaggedViewerHandshake.forCamera(7, 1_000_001L), 1_250_001L);

        assertThat(answer.length()).isEqualTo(TaggedViewerHandshake.ANSWER_BYTES);
        assertThat(TaggedViewerHandshake.requestSentNanos(answer)).isEqualTo(1_000_001L);
        assertThat(TaggedViewerHandshake.forwardReadNanos(answer)).isEqualTo(1_250_001L);
    }

    @Test
    void handshakesThatAreNotOursCarryNoTimes() {
        Bytes foreign = Bytes.of(new byte[40]);

        assertThat(TaggedViewerHandshake.cameraOf(foreign)).isEqualTo(-1);
        assertThat(TaggedViewerHandshake.requestSentNanos(foreign)).isZero();
        assertThat(TaggedViewerHandshake.forwardReadNanos(foreign)).isZero();
    }

    @Test
    void theLegsOfAConnectAddUpToTheWhole() {
        ConnectLatency latency = new ConnectLatency();

        latency.record(1_000_000L, 3_000_000L, 3_500_000L, true);

        assertThat(latency.total().max()).isEqualTo(2_500);
        assertThat(latency.toCamera().max()).isEqualTo(2_000);
        assertThat(latency.toViewer().max()).isEqualTo(500);
    }

    @Test
    void connectsOutsideTheMeasuredWindowCountOnlyInTheProgressInterval() {
        ConnectLatency latency = new ConnectLatency();

        latency.record(1_000_000L, 3_000_000L, 9_000_000L, false);
        LatencyHistogram interval = latency.nextInterval();

        assertThat(interval.max()).isEqualTo(8_000);
        assertThat(latency.total().count()).isZero();
        assertThat(latency.nextInterval().count()).isZero();
    }
}
