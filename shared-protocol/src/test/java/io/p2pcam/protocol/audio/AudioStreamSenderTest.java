package io.p2pcam.protocol.audio;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.media.RtpCodec;
import io.p2pcam.protocol.media.RtpPacket;
import io.p2pcam.protocol.rtcp.NtpTime;
import io.p2pcam.protocol.rtcp.RtcpCodec;
import io.p2pcam.protocol.rtcp.RtcpPacket;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class AudioStreamSenderTest {
    @Test
    void anOpusFrameTravelsAsOneRtpPacketWithPayloadType111() throws Exception {
        AudioStreamSender sender = new AudioStreamSender(0xAABBCCDDL, 0xFFFF);
        byte[] first = sender.packetize(new byte[] {0x78, 0x01}, 0x10);
        // V=2, M=1 (first packet), PT=111, seq 0xffff, ts 0x10, SSRC, then the Opus packet unchanged.
        assertThat(HexFormat.of().formatHex(first)).isEqualTo("80ef" + "ffff" + "00000010" + "aabbccdd" + "7801");
        RtpPacket second = RtpCodec.decode(sender.packetize(new byte[] {0x78}, 0x10 + 960));
        assertThat(second.sequenceNumber()).isZero(); // wrapped
        assertThat(second.marker()).isFalse();
    }

    @Test
    void thePacketBeforeEncodingCarriesTheSameFieldsAsItsWireForm() throws Exception {
        AudioStreamSender sender = new AudioStreamSender(0xAABBCCDDL, 41);
        RtpPacket packet = sender.packet(new byte[] {0x78, 0x01}, 960);

        assertThat(packet)
                .isEqualTo(new RtpPacket(OpusRtp.PAYLOAD_TYPE, true, 41, 960, 0xAABBCCDDL, new byte[] {0x78, 1}));
        assertThat(RtpCodec.decode(sender.packetize(new byte[] {0x78}, 1_920)).sequenceNumber())
                .as("one numbering for both forms")
                .isEqualTo(42);
    }

    @Test
    void overDtxSilenceSequenceNumbersCountOnlyPacketsSentTimestampsJumpAndTheSpurtsFirstCarriesTheMarker()
            throws Exception {
        AudioStreamSender sender = new AudioStreamSender(1, 0xFFFE);
        List<RtpPacket> sent = new ArrayList<>();
        // Frames 0–3 talk, 4–13 silent (DTX: not handed over), 14–15 talk.
        for (int frame : new int[] {0, 1, 2, 3, 14, 15}) {
            sent.add(RtpCodec.decode(sender.packetize(new byte[] {(byte) frame}, 1_000L + frame * 960L)));
        }

        assertThat(sent).extracting(RtpPacket::sequenceNumber).containsExactly(0xFFFE, 0xFFFF, 0, 1, 2, 3);
        assertThat(sent)
                .extracting(RtpPacket::timestamp)
                .containsExactly(1_000L, 1_960L, 2_920L, 3_880L, 1_000L + 14 * 960L, 1_000L + 15 * 960L);
        assertThat(sent).extracting(RtpPacket::marker).containsExactly(true, false, false, false, true, false);
    }

    @Test
    void framesAfterAGapStartATalkspurt() throws Exception {
        AudioStreamSender sender = new AudioStreamSender(1, 0);
        sender.packetize(new byte[] {1}, 0);
        RtpPacket afterGap = RtpCodec.decode(sender.packetize(new byte[] {1}, 3 * 960));
        assertThat(afterGap.marker()).isTrue();
    }

    @Test
    void theSenderReportMapsTheReportClockToTheRtpClockAndCountsWhatWasSent() throws Exception {
        AudioStreamSender sender = new AudioStreamSender(7, 0);
        assertThat(sender.reportDue(0)).isFalse(); // nothing sent yet
        sender.packetize(new byte[] {1, 2, 3}, 100);
        assertThat(sender.reportDue(0)).isTrue();
        byte[] report = sender.report(5_000, 4_321);
        assertThat(sender.reportDue(5_999)).isFalse();
        assertThat(sender.reportDue(6_000)).isTrue();
        assertThat(RtcpCodec.decode(report))
                .containsExactly(new RtcpPacket.SenderReport(7, NtpTime.fromMillis(5_000), 4_321, 1, 3, List.of()));
    }

    @Test
    void theRtpClockIsTheCaptureTimeIn48KhzSamplesAndUnwrapsNearTheReceiversClock() {
        long micros = 1_764_000_000_500_000L; // a wall-clock time on a mark (a multiple of 500 ms)
        long sample = OpusRtp.sampleAt(micros);
        assertThat(sample % 24_000).isZero();
        assertThat(OpusRtp.microsOf(sample)).isEqualTo(micros);
        long timestamp = OpusRtp.timestampOf(sample);
        assertThat(OpusRtp.unwrap(timestamp, sample + 48_000)).isEqualTo(sample);
        assertThat(OpusRtp.unwrap(timestamp, sample - 48_000)).isEqualTo(sample);
    }
}
