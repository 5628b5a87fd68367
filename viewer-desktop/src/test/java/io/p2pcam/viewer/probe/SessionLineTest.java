package io.p2pcam.viewer.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.p2pcam.protocol.session.StreamOffer;
import io.p2pcam.protocol.session.VideoStream;
import io.p2pcam.runtime.UdpEndpointRunner;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The probe's figures from its own start (firstPacketMs, firstFrameMs) against the milestones the
 * endpoint stamps on its millisecond clock from its own, later start (lookupMs, connectMs, pathMs):
 * a later moment never reads as an earlier figure (CameraToProbeTest asserts their order).
 */
class SessionLineTest {
    private static final long MS = 1_000_000;

    @Test
    void aPacketJustAfterThePathAnsweredIsNotCountedAMillisecondEarlierThanIt() {
        long probeStarted = 900_000; // 0.9 ms
        long endpointStarted = probeStarted + 50_000; // the endpoint opens a socket, then starts its clock
        long pathAnswered = 10 * MS + 100_000;
        long firstPacket = pathAnswered + 100_000;

        long pathMs = UdpEndpointRunner.millis(pathAnswered) - UdpEndpointRunner.millis(endpointStarted);

        assertThat(pathMs).isEqualTo(10);
        assertThat(SessionLine.millisSince(probeStarted, firstPacket)).isEqualTo(10); // 9.4 ms cut down read 9
    }

    @Test
    void everyMomentAfterAMilestoneReadsAtLeastTheMilestonesFigure() {
        for (long probeStarted = 0; probeStarted < 2 * MS; probeStarted += 37_000) {
            for (long endpointLater : new long[] {0, 10_000, 400_000, 999_000, 3 * MS + 500_000}) {
                long endpointStarted = probeStarted + endpointLater;
                for (long milestone = endpointStarted; milestone < endpointStarted + 3 * MS; milestone += 53_000) {
                    long figure = UdpEndpointRunner.millis(milestone) - UdpEndpointRunner.millis(endpointStarted);
                    for (long after : new long[] {0, 1_000, 90_000, 700_000}) {
                        assertThat(SessionLine.millisSince(probeStarted, milestone + after))
                                .as(
                                        "probe %d ns, endpoint %d ns, milestone %d ns, %d ns after it",
                                        probeStarted, endpointStarted, milestone, after)
                                .isGreaterThanOrEqualTo(figure);
                    }
                }
            }
        }
    }

    @Test
    void theStreamsTheCameraListedAreReportedInItsOrderAsJson() throws Exception {
        List<StreamOffer> offers = List.of(
                new StreamOffer(VideoStream.MAIN, 1280, 720, 30), new StreamOffer(VideoStream.SUB, 640, 360, 15));

        String json = new ObjectMapper().writeValueAsString(SessionLine.listedStreams(offers));

        assertThat(json)
                .isEqualTo("[{\"stream\":\"main\",\"width\":1280,\"height\":720,\"fps\":30},"
                        + "{\"stream\":\"sub\",\"width\":640,\"height\":360,\"fps\":15}]");
    }

    @Test
    void aCameraThatListedNoStreamsGivesNoEntries() {
        assertThat(SessionLine.listedStreams(List.of())).isEmpty();
    }
}
