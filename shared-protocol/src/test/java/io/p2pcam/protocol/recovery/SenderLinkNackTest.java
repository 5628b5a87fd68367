package io.p2pcam.protocol.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.media.OutgoingRtp;
import io.p2pcam.protocol.media.RtpPacket;
import io.p2pcam.protocol.rtcp.RtcpPacket.Nack;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What a viewer's NACKs may cost the camera (issue 12 §4): each lost packet once, and a bounded queue. */
class SenderLinkNackTest {
    private final SendHistory history = new SendHistory(1024);
    private final SenderLink link = new SenderLink(history, 0);

    /** 1,024 packets sent and gone (unpaced), all still in the history. */
    private void sendAll() {
        for (int sequence = 0; sequence < 1024; sequence++) {
            OutgoingRtp rtp = OutgoingRtp.of(new RtpPacket(96, false, sequence, 0, 1, new byte[] {1}));
            history.add(rtp);
            link.send(rtp);
        }
        drain();
    }

    /** The packets the pacer lets out now: their sequence numbers. */
    private List<Integer> drain() {
        List<Integer> out = new ArrayList<>();
        Pacer.Packet packet;
        while ((packet = link.pollMedia(0)) != null) {
            out.add(packet.rtp().sequenceNumber());
        }
        return out;
    }

    private void nack(List<Integer> lost) {
        link.receiveRtcp(List.of(new Nack(2, 1, lost)), 0);
    }

    @Test
    void aPacketNackedAThousandTimesIsRetransmittedOnce() {
        sendAll();
        nack(Collections.nCopies(1000, 5));
        assertThat(drain()).containsExactly(5);
        assertThat(link.retransmissionsRefused()).isEqualTo(999);
    }

    @Test
    void atMostTheBoundOfRetransmissionsWaitAtOnce() {
        sendAll();
        nack(IntStream.range(0, 1000).boxed().toList());
        assertThat(drain()).hasSize(SenderLink.MAX_PENDING_RETRANSMISSIONS);
        assertThat(link.retransmissionsRefused()).isEqualTo(1000 - SenderLink.MAX_PENDING_RETRANSMISSIONS);
    }

    @Test
    void aPacketLostAgainAfterItsRetransmissionLeftIsSentAgain() {
        sendAll();
        nack(List.of(9));
        assertThat(drain()).containsExactly(9);
        nack(List.of(9));
        assertThat(drain()).containsExactly(9);
        assertThat(link.retransmitted()).isEqualTo(2);
    }
}
