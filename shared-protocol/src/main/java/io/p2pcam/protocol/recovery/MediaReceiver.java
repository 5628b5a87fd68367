package io.p2pcam.protocol.recovery;

import io.p2pcam.protocol.media.KeyframeJoin;
import io.p2pcam.protocol.media.RtpPacket;
import io.p2pcam.protocol.rtcp.NtpTime;
import io.p2pcam.protocol.rtcp.RtcpCodec;
import io.p2pcam.protocol.rtcp.RtcpPacket;
import io.p2pcam.protocol.rtcp.RtcpPacket.DelaySinceReferenceTime;
import io.p2pcam.protocol.rtcp.RtcpPacket.Nack;
import io.p2pcam.protocol.rtcp.RtcpPacket.Pli;
import io.p2pcam.protocol.rtcp.RtcpPacket.ReceiverReport;
import io.p2pcam.protocol.rtcp.RtcpPacket.ReferenceTime;
import io.p2pcam.protocol.rtcp.RtcpPacket.ReportBlock;
import io.p2pcam.protocol.rtcp.RtcpPacket.SenderReport;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The receiving end of one video stream's recovery, sans I/O (docs/decisions/0007): orders
 * packets and waits for missing ones ({@link JitterBuffer}), asks for them with Generic NACKs
 * (RFC 4585 §6.2.1), asks for a keyframe with a PLI (§6.3.1) when the decoder needs one, and
 * sends a receiver report (RFC 3550 §6.4.2) with a reference time (RFC 3611 §4.4) every {@link
 * #REPORT_INTERVAL_MILLIS}, whose DLRR answer gives the round-trip time that sets how long it
 * waits.
 *
 * <p>Feed it packets with {@link #receiveRtp}, the sender's RTCP with {@link #receiveRtcp},
 * call {@link #handleTimeout} at {@link #nextTimeout()}, then drain {@link #pollPacket()} (in
 * order) and {@link #pollFeedback()} (RTCP compounds to send). Not thread-safe.
 */
public final class MediaReceiver {
    public static final long REPORT_INTERVAL_MILLIS = 500;
    private static final double RTT_GAIN = 0.125; // RFC 6298's alpha

    private final long ssrc;
    private final JitterBuffer jitterBuffer = new JitterBuffer();
    private final ReceptionStats stats = new ReceptionStats();
    private final ArrayDeque<RtpPacket> ready = new ArrayDeque<>();
    private final ArrayDeque<byte[]> feedback = new ArrayDeque<>();
    private long mediaSsrc;
    private long streamSwitches;
    private long staleStreamPackets;
    private long lastSr;
    private long lastSrAt;
    private long nextReportAt;
    private double rttMillis = -1;
    private long plisSent;

    /** A snapshot of the counters, for probes and the UI. */
    public record Stats(
            long expected,
            long lostOnPath,
            long recovered,
            long givenUp,
            long duplicates,
            long nacksSent,
            long plisSent,
            long rttMillis,
            double jitterMillis,
            long waitMillis) {}

    /** @param ssrc this receiver's own SSRC, the sender of its reports */
    public MediaReceiver(long ssrc, long now) {
        this.ssrc = ssrc & 0xFFFF_FFFFL;
        this.nextReportAt = now + REPORT_INTERVAL_MILLIS;
        retime();
    }

    /** A packet from a sender without retransmission (plain RTP). */
    public void receiveRtp(RtpPacket packet, long now) {
        receiveRtp(packet, false, now);
    }

    /** @param retransmission whether the sender marked it as sent again on our NACK */
    public void receiveRtp(RtpPacket packet, boolean retransmission, long now) {
        if (packet.ssrc() != mediaSsrc && mediaSsrc != 0) {
            if (retransmission || !KeyframeJoin.startsWithKeyframeNal(packet.payload())) {
                // A camera starts a viewer on another stream at a keyframe (docs/PROTOCOL.md §10.9):
                // anything else with a foreign SSRC is a late packet of a stream we left.
                staleStreamPackets++;
                return;
            }
            // Another stream (the camera's other one after SELECT_STREAM): its sequence numbers
            // have nothing to do with the old stream's, so start afresh.
            jitterBuffer.newStream();
            streamSwitches++;
        }
        mediaSsrc = packet.ssrc();
        jitterBuffer.offer(packet, retransmission, now);
        drain();
        sendDueNacks(now);
    }

    public void receiveRtcp(List<RtcpPacket> packets, long now) {
        for (RtcpPacket packet : packets) {
            switch (packet) {
                case SenderReport sr -> {
                    lastSr = NtpTime.middle32(sr.ntpTime());
                    lastSrAt = now;
                }
                case DelaySinceReferenceTime dlrr
                when dlrr.receiverSsrc() == ssrc -> {
                    long sample = NtpTime.roundTripMillis(now, dlrr.lastRr(), dlrr.delaySinceLastRr());
                    if (sample >= 0) {
                        rttMillis = rttMillis < 0 ? sample : rttMillis + RTT_GAIN * (sample - rttMillis);
                        retime();
                    }
                }
                default -> {}
            }
        }
    }

    /** The decoder needs a keyframe: a PLI goes out now (and again on each further call). */
    public void requestKeyframe(long now) {
        plisSent++;
        feedback.add(RtcpCodec.encode(new Pli(ssrc, mediaSsrc)));
    }

    public void handleTimeout(long now) {
        retime();
        jitterBuffer.handleTimeout(now);
        drain();
        sendDueNacks(now);
        if (now >= nextReportAt) {
            nextReportAt = now + REPORT_INTERVAL_MILLIS;
            List<RtcpPacket> report = new ArrayList<>(2);
            long delay = lastSr == 0 ? 0 : NtpTime.compactFromMillis(now - lastSrAt);
            ReportBlock block = stats.report(mediaSsrc, lastSr, delay);
            report.add(new ReceiverReport(ssrc, block == null ? List.of() : List.of(block)));
            report.add(new ReferenceTime(ssrc, NtpTime.fromMillis(now)));
            feedback.add(RtcpCodec.encode(report));
        }
    }

    public long nextTimeout() {
        return Math.min(nextReportAt, jitterBuffer.nextTimeout());
    }

    /** How many times the media SSRC changed (stream switches, docs/PROTOCOL.md §10.9). */
    public long streamSwitches() {
        return streamSwitches;
    }

    /** Packets with another SSRC than the stream's that do not open a keyframe (late packets of a stream left): dropped. */
    public long staleStreamPackets() {
        return staleStreamPackets;
    }

    /** The SSRC of the stream received now (0 before the first packet). */
    public long mediaSsrc() {
        return mediaSsrc;
    }

    /** The next packet in sequence order, or null. */
    public RtpPacket pollPacket() {
        return ready.poll();
    }

    /** The next RTCP compound to send to the media sender, or null. */
    public byte[] pollFeedback() {
        return feedback.poll();
    }

    public Stats stats() {
        return new Stats(
                stats.expected(),
                stats.lost(),
                jitterBuffer.recovered(),
                jitterBuffer.givenUp(),
                jitterBuffer.duplicates(),
                jitterBuffer.nacksSent(),
                plisSent,
                Math.round(rttMillis),
                stats.jitterMillis(),
                jitterBuffer.waitMillis());
    }

    private void retime() {
        long rtt = rttMillis < 0 ? RecoveryTiming.INITIAL_RTT_MILLIS : Math.round(rttMillis);
        double jitter = stats.jitterMillis();
        jitterBuffer.setTiming(RecoveryTiming.waitMillis(rtt, jitter), RecoveryTiming.retryMillis(rtt, jitter));
    }

    private void drain() {
        JitterBuffer.Released released;
        while ((released = jitterBuffer.poll()) != null) {
            stats.onPacket(
                    released.extendedSequence(),
                    released.packet().timestamp(),
                    released.arrivedAt(),
                    released.repaired());
            ready.add(released.packet());
        }
    }

    private void sendDueNacks(long now) {
        List<Integer> due = jitterBuffer.dueNacks(now);
        if (!due.isEmpty()) {
            feedback.add(RtcpCodec.encode(new Nack(ssrc, mediaSsrc, due)));
        }
    }
}
