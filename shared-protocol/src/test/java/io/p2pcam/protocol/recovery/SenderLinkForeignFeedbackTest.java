package io.p2pcam.protocol.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.media.OutgoingRtp;
import io.p2pcam.protocol.media.RtpPacket;
import io.p2pcam.protocol.rtcp.RtcpPacket.Nack;
import io.p2pcam.protocol.rtcp.RtcpPacket.Pli;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Feedback about a stream the camera does not send is ignored and counted (docs/PROTOCOL.md
 * §10.6, issue 12 §5): a PLI or NACK names its media SSRC, and only ours (or 0 in a PLI, from a
 * viewer that has seen no media yet) may cost an IDR or a retransmission.
 */
class SenderLinkForeignFeedbackTest {
    private static final long STREAM = 0x2222_2222L;
    private static final long VIEWER = 0x1111_1111L;
    private final SendHistory history = new SendHistory(64);
    private final SenderLink link = new SenderLink(history, 0);

    private void sendOne(int sequence) {
        OutgoingRtp rtp = OutgoingRtp.of(new RtpPacket(96, false, sequence, 0, STREAM, new byte[] {1}));
        history.add(rtp);
        link.send(rtp);
        while (link.pollMedia(0) != null) {
            // gone
        }
    }

    @Test
    void aPliForAnotherSsrcRequestsNoKeyframeAndIsCounted() {
        sendOne(1);
        link.receiveRtcp(List.of(new Pli(VIEWER, 0x3333_3333L)), 0);
        assertThat(link.takeKeyframeRequest()).isFalse();
        assertThat(link.plisReceived()).isZero();
        assertThat(link.foreignFeedback()).isEqualTo(1);
    }

    @Test
    void aPliForOurStreamOrFromAViewerThatHasSeenNoMediaYetRequestsAKeyframe() {
        link.receiveRtcp(List.of(new Pli(VIEWER, 0)), 0);
        assertThat(link.takeKeyframeRequest()).isTrue();
        sendOne(1);
        link.receiveRtcp(List.of(new Pli(VIEWER, STREAM)), 0);
        assertThat(link.takeKeyframeRequest()).isTrue();
        assertThat(link.plisReceived()).isEqualTo(2);
        assertThat(link.foreignFeedback()).isZero();
    }

    @Test
    void aNackForAnotherSsrcRetransmitsNothing() {
        sendOne(7);
        link.receiveRtcp(List.of(new Nack(VIEWER, 0x3333_3333L, List.of(7))), 0);
        assertThat(link.pollMedia(0)).isNull();
        assertThat(link.nacksReceived()).isZero();
        assertThat(link.foreignFeedback()).isEqualTo(1);

        link.receiveRtcp(List.of(new Nack(VIEWER, STREAM, List.of(7))), 0);
        assertThat(link.pollMedia(0)).isNotNull();
    }
}
