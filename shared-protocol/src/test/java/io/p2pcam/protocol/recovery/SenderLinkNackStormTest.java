package io.p2pcam.protocol.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.media.OutgoingRtp;
import io.p2pcam.protocol.media.RtpPacket;
import io.p2pcam.protocol.rtcp.RtcpPacket.Nack;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A paired viewer that NACKs the camera's whole history as fast as it likes (docs/PROTOCOL.md
 * §10.6): what its retransmissions may take of its own pacer is bounded, so its new media still
 * leaves and nothing piles up at the camera.
 */
class SenderLinkNackStormTest {
    /** 1 Mbit/s of media: 125 bytes per ms; the pacer lets out 2.5 times that. */
    private static final long BITRATE = 1_000_000;

    private static final int PACKET_BYTES = 1100;
    /** A packet of media every 9 ms: 122 bytes per ms, just under the bitrate. */
    private static final int MEDIA_EVERY_MILLIS = 9;

    private static final long STORM_MILLIS = 30_000;

    private final SendHistory history = new SendHistory(1024);
    private final SenderLink link = new SenderLink(history, 0);
    private long retransmittedBytes;
    private long mediaSentAt = -1;
    private int newestMediaLeft = -1;

    private static OutgoingRtp packet(int sequence) {
        return OutgoingRtp.of(new RtpPacket(96, false, sequence & 0xFFFF, 0, 1, new byte[PACKET_BYTES - 12]));
    }

    @Test
    void aViewerNackingEverythingAllTheTimeStillGetsItsMediaAndBuildsNoBacklog() {
        link.setMediaBitrate(BITRATE);
        int sequence = 0;
        for (long now = 0; now < STORM_MILLIS; now++) {
            if (now % MEDIA_EVERY_MILLIS == 0) {
                OutgoingRtp rtp = packet(sequence++);
                history.add(rtp);
                link.send(rtp);
                mediaSentAt = now;
            }
            if (now % 5 == 0 && sequence > 0) { // the whole history, 200 times a second
                int first = Math.max(0, sequence - 1024);
                List<Integer> all = IntStream.range(first, sequence)
                        .map(s -> s & 0xFFFF)
                        .boxed()
                        .toList();
                link.receiveRtcp(List.of(new Nack(2, 1, all)), now);
            }
            drain(now);
        }
        long mediaBytesPerSecond = BITRATE / 8;
        assertThat(link.queuedBytes())
                .as("bytes waiting in the storming viewer's pacer")
                .isLessThan(mediaBytesPerSecond);
        assertThat(sequence - 1 - newestMediaLeft)
                .as("media packets sent to the pacer but not let out")
                .isLessThan(100);
        assertThat(retransmittedBytes * 1000 / STORM_MILLIS)
                .as("retransmitted bytes per second")
                .isLessThanOrEqualTo(2 * mediaBytesPerSecond);
        assertThat(mediaSentAt).isPositive();
    }

    @Test
    void aLossBurstOfUnderASecondOfMediaIsResentAtOnce() {
        link.setMediaBitrate(BITRATE);
        for (int sequence = 0; sequence < 200; sequence++) {
            OutgoingRtp rtp = packet(sequence);
            history.add(rtp);
            link.send(rtp);
        }
        for (long now = 0; link.queuedBytes() > 0; now++) {
            drain(now);
        }
        // 110 of them lost together: 121,000 bytes, under the 125,000 a second of media is.
        link.receiveRtcp(List.of(new Nack(2, 1, IntStream.range(50, 160).boxed().toList())), 10_000);

        assertThat(link.retransmitted()).isEqualTo(110);
        assertThat(link.retransmissionsRefused()).isZero();
    }

    private void drain(long now) {
        Pacer.Packet packet;
        while ((packet = link.pollMedia(now)) != null) {
            if (packet.retransmission()) {
                retransmittedBytes += packet.rtp().length();
            } else {
                newestMediaLeft = Math.max(newestMediaLeft, packet.rtp().sequenceNumber());
            }
        }
    }
}
