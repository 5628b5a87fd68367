package io.p2pcam.protocol.audio;

import io.p2pcam.protocol.media.RtpCodec;
import io.p2pcam.protocol.media.RtpPacket;
import io.p2pcam.protocol.rtcp.NtpTime;
import io.p2pcam.protocol.rtcp.RtcpCodec;
import io.p2pcam.protocol.rtcp.RtcpPacket.SenderReport;
import java.util.List;

/**
 * The sending side of one Opus stream (docs/PROTOCOL.md §10.7), sans I/O: puts each encoded frame
 * in an RTP packet (RFC 7587 §4.2: one Opus packet per RTP packet, no header of its own) and
 * writes a sender report (RFC 3550 §6.4.1) every {@link #REPORT_INTERVAL_MILLIS} that ties the
 * stream's RTP clock to the same NTP clock as the video's reports, for lip sync.
 *
 * <p>A frame of silence that DTX leaves out is not handed here (RFC 7587 §3.1.3): sequence numbers
 * count the packets sent, the timestamp jumps over the silence, and the marker bit is set on the
 * first packet of the stream and on the first after frames were skipped (RFC 3551 §4.1: the
 * beginning of a talkspurt). A receiver tells loss from silence by the sequence numbers.
 *
 * <p>Not thread-safe.
 */
public final class AudioStreamSender {
    public static final long REPORT_INTERVAL_MILLIS = 1_000;

    private final long ssrc;
    private int sequence;
    private long lastTimestamp = -1;
    private long packets;
    private long octets;
    private long nextReportAt = Long.MIN_VALUE;

    /**
     * @param ssrc this stream's SSRC, unlike the video's (random)
     * @param firstSequence the first sequence number (random, RFC 3550 §5.1)
     */
    public AudioStreamSender(long ssrc, int firstSequence) {
        this.ssrc = ssrc & 0xFFFF_FFFFL;
        this.sequence = firstSequence & 0xFFFF;
    }

    public long ssrc() {
        return ssrc;
    }

    /** The RTP packet for one Opus frame whose first sample has this RTP timestamp, encoded. */
    public byte[] packetize(byte[] opus, long timestamp) {
        return RtpCodec.encode(packet(opus, timestamp));
    }

    /** The RTP packet for one Opus frame whose first sample has this RTP timestamp. */
    public RtpPacket packet(byte[] opus, long timestamp) {
        boolean talkspurt = lastTimestamp < 0 || (timestamp - lastTimestamp & 0xFFFF_FFFFL) != OpusRtp.FRAME_SAMPLES;
        RtpPacket packet =
                new RtpPacket(OpusRtp.PAYLOAD_TYPE, talkspurt, sequence, timestamp & 0xFFFF_FFFFL, ssrc, opus);
        sequence = sequence + 1 & 0xFFFF;
        lastTimestamp = timestamp & 0xFFFF_FFFFL;
        packets++;
        octets += opus.length;
        return packet;
    }

    /** Whether a sender report is due at {@code now} (milliseconds of the sender's report clock). */
    public boolean reportDue(long now) {
        return packets > 0 && now >= nextReportAt;
    }

    /**
     * A sender report (an RTCP compound of one SR): {@code now} on the sender's report clock (the
     * one its video reports use) is RTP time {@code timestampNow} of this stream.
     */
    public byte[] report(long now, long timestampNow) {
        nextReportAt = now + REPORT_INTERVAL_MILLIS;
        return RtcpCodec.encode(List.of(new SenderReport(
                ssrc,
                NtpTime.fromMillis(now),
                timestampNow & 0xFFFF_FFFFL,
                packets & 0xFFFF_FFFFL,
                octets & 0xFFFF_FFFFL,
                List.of())));
    }
}
