package io.p2pcam.protocol.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.p2pcam.protocol.media.RtpPacket;
import io.p2pcam.protocol.rtcp.RtcpCodec;
import io.p2pcam.protocol.rtcp.RtcpPacket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The camera's other stream arrives (another SSRC, unrelated sequence numbers, docs/PROTOCOL.md
 * §10.9): the receiver starts it afresh instead of taking the jump for loss, and drops what is
 * still in flight of the stream it left.
 */
class MediaReceiverStreamSwitchTest {
    private static final long MAIN = 0x1111_1111L;
    private static final long SUB = 0x5555_5555L;

    private static RtpPacket packet(long ssrc, int sequence) {
        return new RtpPacket(96, true, sequence, sequence * 3000L, ssrc, new byte[] {0x41, 1});
    }

    /** The first packet of a keyframe: SPS (the camera starts a viewer's new stream there). */
    private static RtpPacket keyframe(long ssrc, int sequence) {
        return new RtpPacket(96, false, sequence, sequence * 3000L, ssrc, new byte[] {0x67, 1});
    }

    private static List<RtpPacket> drain(MediaReceiver receiver) {
        List<RtpPacket> out = new ArrayList<>();
        RtpPacket packet;
        while ((packet = receiver.pollPacket()) != null) {
            out.add(packet);
        }
        return out;
    }

    @Test
    void aNewSsrcStartsAtItsFirstPacketWithoutNacksOrGivenUpPackets() {
        MediaReceiver receiver = new MediaReceiver(7, 0);
        receiver.receiveRtp(packet(MAIN, 100), 0);
        receiver.receiveRtp(packet(MAIN, 101), 1);
        receiver.receiveRtp(keyframe(SUB, 40_000), 2);
        receiver.receiveRtp(packet(SUB, 40_001), 3);
        receiver.handleTimeout(600);

        assertThat(drain(receiver))
                .extracting(RtpPacket::ssrc, RtpPacket::sequenceNumber)
                .containsExactly(tuple(MAIN, 100), tuple(MAIN, 101), tuple(SUB, 40_000), tuple(SUB, 40_001));
        assertThat(receiver.stats().givenUp()).isZero();
        assertThat(receiver.stats().nacksSent()).isZero();
        assertThat(receiver.stats().expected()).isEqualTo(4);
        assertThat(receiver.streamSwitches()).isEqualTo(1);
        assertThat(receiver.mediaSsrc()).isEqualTo(SUB);
    }

    @Test
    void aLatePacketOfTheOldStreamIsDroppedAndAHoleInTheNewOneIsNackedByItsOwnNumber() throws Exception {
        MediaReceiver receiver = new MediaReceiver(7, 0);
        receiver.receiveRtp(packet(MAIN, 100), 0);
        receiver.receiveRtp(keyframe(SUB, 40_000), 1);
        receiver.receiveRtp(packet(MAIN, 102), 2);
        receiver.receiveRtp(packet(SUB, 40_002), 3);

        assertThat(drain(receiver)).extracting(RtpPacket::sequenceNumber).containsExactly(100, 40_000);
        assertThat(receiver.staleStreamPackets()).isEqualTo(1);
        List<RtcpPacket> nacks = new ArrayList<>();
        byte[] feedback;
        while ((feedback = receiver.pollFeedback()) != null) {
            nacks.addAll(RtcpCodec.decode(feedback));
        }
        assertThat(nacks)
                .filteredOn(RtcpPacket.Nack.class::isInstance)
                .map(RtcpPacket.Nack.class::cast)
                .singleElement()
                .satisfies(nack -> {
                    assertThat(nack.mediaSsrc()).isEqualTo(SUB);
                    assertThat(nack.lost()).containsExactly(40_001);
                });
    }

    @Test
    void backToTheStreamItLeftTheReceiverFollowsAtThatStreamsKeyframe() {
        MediaReceiver receiver = new MediaReceiver(7, 0);
        receiver.receiveRtp(keyframe(MAIN, 100), 0);
        receiver.receiveRtp(keyframe(SUB, 40_000), 1);
        receiver.receiveRtp(packet(SUB, 40_001), 2);
        receiver.receiveRtp(packet(MAIN, 101), 3); // late: the main stream before the switch
        receiver.receiveRtp(keyframe(MAIN, 500), 4);
        receiver.receiveRtp(packet(MAIN, 501), 5);

        assertThat(drain(receiver))
                .extracting(RtpPacket::ssrc, RtpPacket::sequenceNumber)
                .containsExactly(
                        tuple(MAIN, 100), tuple(SUB, 40_000), tuple(SUB, 40_001), tuple(MAIN, 500), tuple(MAIN, 501));
        assertThat(receiver.streamSwitches()).isEqualTo(2);
        assertThat(receiver.staleStreamPackets()).isEqualTo(1);
        assertThat(receiver.stats().givenUp()).isZero();
    }
}
