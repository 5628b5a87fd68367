package io.p2pcam.protocol.audio;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.media.MalformedRtpException;
import io.p2pcam.protocol.media.RtpCodec;
import io.p2pcam.protocol.media.RtpPacket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GaplessAudioStreamTest {
    /** A 40-byte SILK packet's TOC: config 15 (hybrid, fullband, 20 ms), mono, code 1 (two frames). */
    private static final byte[] SPEECH = {0x79, 1, 2, 3};
    /** What the encoder gives for a frame DTX leaves out: the TOC byte alone. */
    private static final byte[] DTX = {0x78};

    private static List<RtpPacket> decode(List<byte[]> datagrams) throws MalformedRtpException {
        List<RtpPacket> packets = new ArrayList<>();
        for (byte[] datagram : datagrams) {
            packets.add(RtpCodec.decode(datagram));
        }
        return packets;
    }

    @Test
    void everyFrameTheEncoderMadeIsSentAsItComesDtxFramesIncluded() throws Exception {
        GaplessAudioStream stream = new GaplessAudioStream(7, 100);
        List<RtpPacket> sent = new ArrayList<>();
        for (int frame = 0; frame < 6; frame++) {
            List<byte[]> now = stream.packetize(frame < 2 ? SPEECH : DTX, 5_000L + frame * 960L);
            assertThat(now)
                    .as("frame %d: one packet, sent when it is due", frame)
                    .hasSize(1);
            sent.addAll(decode(now));
        }

        assertThat(sent).extracting(RtpPacket::sequenceNumber).containsExactly(100, 101, 102, 103, 104, 105);
        assertThat(sent)
                .extracting(RtpPacket::timestamp)
                .containsExactly(5_000L, 5_960L, 6_920L, 7_880L, 8_840L, 9_800L);
        assertThat(sent).extracting(RtpPacket::marker).containsExactly(true, false, false, false, false, false);
        assertThat(sent.get(3).payload()).isEqualTo(DTX);
        assertThat(stream.filledFrames()).isZero();
    }

    @Test
    void framesTheSourceNeverDeliveredAreFilledWithEmptyFramesBeforeTheNextPacket() throws Exception {
        GaplessAudioStream stream = new GaplessAudioStream(7, 0xFFFF);
        stream.packetize(SPEECH, 0xFFFF_FC40L); // 960 before the 32-bit wrap

        List<RtpPacket> afterStall = decode(stream.packetize(SPEECH, 1_920));

        // Frames at 0 and 960 never came: two empty frames (the next packet's TOC, code 0), then it.
        assertThat(afterStall).extracting(RtpPacket::timestamp).containsExactly(0L, 960L, 1_920L);
        assertThat(afterStall).extracting(RtpPacket::sequenceNumber).containsExactly(0, 1, 2);
        assertThat(afterStall).extracting(RtpPacket::marker).containsOnly(false);
        assertThat(afterStall.get(0).payload()).isEqualTo(new byte[] {0x78});
        assertThat(afterStall.get(1).payload()).isEqualTo(new byte[] {0x78});
        assertThat(afterStall.get(2).payload()).isEqualTo(SPEECH);
        assertThat(stream.filledFrames()).isEqualTo(2);
    }

    @Test
    void aJumpOfMoreThanASecondOrBackwardsIsNotFilledAndStartsATalkspurt() throws Exception {
        GaplessAudioStream stream = new GaplessAudioStream(7, 0);
        stream.packetize(SPEECH, 0);
        List<RtpPacket> forward = decode(stream.packetize(SPEECH, (GaplessAudioStream.MAX_FILLED_FRAMES + 2) * 960L));
        List<RtpPacket> backward = decode(stream.packetize(SPEECH, 960));

        assertThat(forward).hasSize(1);
        assertThat(forward.getFirst().marker()).isTrue();
        assertThat(backward).hasSize(1);
        assertThat(backward.getFirst().marker()).isTrue();
        assertThat(stream.filledFrames()).isZero();
    }

    @Test
    void aJumpOfExactlyTheLongestRunFilledIsFilled() throws Exception {
        GaplessAudioStream stream = new GaplessAudioStream(7, 0);
        stream.packetize(SPEECH, 0);

        List<byte[]> sent = stream.packetize(SPEECH, (GaplessAudioStream.MAX_FILLED_FRAMES + 1) * 960L);

        assertThat(sent).hasSize(GaplessAudioStream.MAX_FILLED_FRAMES + 1);
        assertThat(stream.filledFrames()).isEqualTo(GaplessAudioStream.MAX_FILLED_FRAMES);
    }
}
