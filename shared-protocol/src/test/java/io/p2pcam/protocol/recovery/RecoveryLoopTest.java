package io.p2pcam.protocol.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.media.OutgoingRtp;
import io.p2pcam.protocol.media.RtpCodec;
import io.p2pcam.protocol.media.RtpPacket;
import io.p2pcam.protocol.rtcp.MalformedRtcpException;
import io.p2pcam.protocol.rtcp.RtcpCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A {@link SenderLink} and a {@link MediaReceiver} joined by a simulated path (loss both ways, a
 * one-way delay) on a fake clock: what the camera and viewer endpoints do, without sockets.
 */
class RecoveryLoopTest {
    private record Datagram(long at, long order, boolean toReceiver, byte[] data, boolean retransmission) {}

    private final PriorityQueue<Datagram> path =
            new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.order, b.order));
    private final SendHistory history = new SendHistory(1024);
    private final SenderLink sender = new SenderLink(history, 0);
    private final MediaReceiver receiver = new MediaReceiver(0x5555, 0);
    private final List<Integer> delivered = new ArrayList<>();
    private long order;
    private boolean feedbackLost;

    private void run(double loss, long oneWayMillis, int packets, long seed) throws MalformedRtcpException {
        Random random = new Random(seed);
        long end = packets * 3L + 2_000;
        for (long now = 0; now < end; now++) {
            if (now % 3 == 0 && now / 3 < packets) { // a packet every 3 ms
                OutgoingRtp rtp = OutgoingRtp.of(
                        new RtpPacket(96, false, (int) (now / 3) & 0xFFFF, now * 90, 0xCAFE, new byte[100]));
                history.add(rtp);
                sender.send(rtp);
            }
            Datagram next;
            while ((next = path.peek()) != null && next.at <= now) {
                path.poll();
                if (next.toReceiver) {
                    if (next.data[0] == (byte) 0x80 && (next.data[1] & 0x7f) == 96) {
                        try {
                            receiver.receiveRtp(RtpCodec.decode(next.data), next.retransmission, now);
                        } catch (io.p2pcam.protocol.media.MalformedRtpException e) {
                            throw new AssertionError(e);
                        }
                    } else {
                        receiver.receiveRtcp(RtcpCodec.decode(next.data), now);
                    }
                } else {
                    sender.receiveRtcp(RtcpCodec.decode(next.data), now);
                }
            }
            if (receiver.nextTimeout() <= now) {
                receiver.handleTimeout(now);
            }
            if (sender.nextTimeout() <= now) {
                sender.handleTimeout(now);
            }
            Pacer.Packet paced;
            while ((paced = sender.pollMedia(now)) != null) {
                transmit(random, loss, now + oneWayMillis, true, paced.data(), paced.retransmission());
            }
            byte[] out;
            while ((out = sender.pollFeedback()) != null) {
                transmit(random, loss, now + oneWayMillis, true, out, false);
            }
            while ((out = receiver.pollFeedback()) != null) {
                transmit(random, loss, now + oneWayMillis, false, out, false);
            }
            RtpPacket packet;
            while ((packet = receiver.pollPacket()) != null) {
                delivered.add(packet.sequenceNumber());
            }
        }
    }

    private void transmit(
            Random random, double loss, long at, boolean toReceiver, byte[] data, boolean retransmission) {
        if (random.nextDouble() >= loss && (toReceiver || !feedbackLost)) {
            path.add(new Datagram(at, order++, toReceiver, data, retransmission));
        }
    }

    @Test
    void withFivePercentLossBothWaysNearlyEveryPacketArrivesInOrder() throws Exception {
        run(0.05, 10, 3000, 42);
        MediaReceiver.Stats stats = receiver.stats();
        // Three NACK rounds fit in the wait; each fails ~10 % of the time at 5 % loss each way.
        assertThat(stats.givenUp()).as(stats.toString()).isLessThanOrEqualTo(3);
        assertThat(delivered).hasSize(3000 - (int) stats.givenUp()).isSorted();
        assertThat(stats.lostOnPath()).isBetween(100L, 220L); // ~5 % of 3000, measured before repair
        assertThat(stats.rttMillis()).isBetween(19L, 22L);
        assertThat(sender.retransmitted()).isGreaterThanOrEqualTo(stats.lostOnPath());
    }

    @Test
    void theSenderLearnsLossAndRoundTripFromReceiverReports() throws Exception {
        run(0.02, 25, 3000, 7);
        List<SenderLink.Quality> reports = new ArrayList<>();
        SenderLink.Quality quality;
        while ((quality = sender.pollQuality()) != null) {
            reports.add(quality);
        }
        assertThat(reports).hasSizeGreaterThan(10);
        SenderLink.Quality last = reports.getLast();
        assertThat(last.rttMillis()).isBetween(49L, 52L);
        double meanLoss = reports.stream()
                .mapToDouble(SenderLink.Quality::fractionLost)
                .average()
                .orElseThrow();
        assertThat(meanLoss).isBetween(0.005, 0.05);
    }

    @Test
    void withoutFeedbackTheSameLossCostsPackets() throws Exception {
        // The control: every NACK lost on the way back, so the receiver can only give holes up.
        feedbackLost = true;
        run(0.05, 10, 3000, 42);
        MediaReceiver.Stats stats = receiver.stats();
        assertThat(stats.givenUp()).isBetween(100L, 220L);
        assertThat(delivered).hasSize((int) (3000 - stats.givenUp() - 0)); // packet 0 arrived: it starts the stream
        assertThat(sender.retransmitted()).isZero();
    }

    @Test
    void aPliBecomesAKeyframeRequestAtTheSender() throws Exception {
        RtpPacket packet = new RtpPacket(96, true, 1, 0, 0xCAFE, new byte[1]);
        OutgoingRtp rtp = OutgoingRtp.of(packet);
        history.add(rtp);
        sender.send(rtp); // the PLI names the stream the sender sends (§10.6)
        receiver.receiveRtp(packet, 0);
        receiver.requestKeyframe(0);
        sender.receiveRtcp(RtcpCodec.decode(receiver.pollFeedback()), 1);
        assertThat(sender.takeKeyframeRequest()).isTrue();
        assertThat(sender.takeKeyframeRequest()).isFalse();
        assertThat(receiver.stats().plisSent()).isEqualTo(1);
    }
}
