package io.p2pcam.protocol.recovery;

import io.p2pcam.protocol.media.OutgoingRtp;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The sending end of one viewer's media, sans I/O (docs/decisions/0007): paces the packets out
 * ({@link Pacer}, with a new viewer's join allowance, docs/decisions/0027), answers the viewer's NACKs from the camera's {@link SendHistory} (the original
 * packet again, same sequence number: the receiver's jitter buffer puts it in place), turns its
 * PLIs into keyframe requests (feedback about another media SSRC is ignored and counted), and sends a sender report every {@link
 * #REPORT_INTERVAL_MILLIS} with the DLRR answer to the viewer's last reference time (RFC 3611
 * §4.5), so the viewer learns the round-trip time. Receiver reports give this side the path's
 * loss, jitter and round-trip time ({@link Quality}) for rate control.
 *
 * <p>NACKs come from an authenticated but not necessarily honest viewer, so what they can cost is
 * bounded: a sequence number already waiting for its retransmission is not queued again, at most
 * {@link #MAX_PENDING_RETRANSMISSIONS} retransmissions wait at once, and retransmissions take at
 * most the media bitrate ({@link RetransmissionBudget}), so the rest of the pacer's rate is left
 * to new media; NACKed packets beyond that are dropped and counted ({@link
 * #retransmissionsRefused()}), as a lost NACK would be.
 *
 * <p>Not thread-safe: the camera endpoint's thread drives it.
 */
public final class SenderLink {
    public static final long REPORT_INTERVAL_MILLIS = 1_000;
    /**
     * Receiver reports closer together than this are not taken: a viewer sends one every {@link
     * MediaReceiver#REPORT_INTERVAL_MILLIS}, and each moves the shared encoder's rate a step ({@code
     * BitrateController}), so one sending them as fast as it can would move it as fast as it liked.
     */
    public static final long MIN_REPORT_SPACING_MILLIS = MediaReceiver.REPORT_INTERVAL_MILLIS / 2;
    /** A quarter of the camera's send history: about 0.7 s of 720p video waiting to go again. */
    public static final int MAX_PENDING_RETRANSMISSIONS = 256;

    /** What a receiver report said about the path. {@code rttMillis} is -1 until measured. */
    public record Quality(double fractionLost, double jitterMillis, long rttMillis, long cumulativeLost) {}

    private long ssrc;
    /** Between a stream switch and the new stream's first packet: NACKs are about the old stream. */
    private boolean switching;

    private SendHistory history;
    private final Pacer pacer;
    private final RetransmissionBudget budget;
    private final ArrayDeque<byte[]> feedback = new ArrayDeque<>();
    private final ArrayDeque<Quality> reports = new ArrayDeque<>();
    private long nextReportAt;
    private long packetsSent;
    private long octetsSent;
    private long lastRtpTimestamp;
    private long lastRr;
    private long lastRrAt;
    private long receiverSsrc;
    private boolean keyframeRequested;
    private long nacksReceived;
    private long retransmitted;
    private long notInHistory;
    private long plisReceived;
    private long retransmissionsRefused;
    private long reportTakenAt = Long.MIN_VALUE / 2;
    private long reportsIgnored;
    private long foreignFeedback;
    /** Sequence numbers queued for retransmission and not yet let out by the pacer. */
    private final Set<Integer> pendingRetransmissions = new HashSet<>();

    public SenderLink(SendHistory history, long now) {
        this.history = history;
        this.pacer = Pacer.forNewViewer(now); // one link per admitted viewer: its first keyframe goes sooner
        this.budget = new RetransmissionBudget(now);
        this.nextReportAt = now + REPORT_INTERVAL_MILLIS;
    }

    /**
     * The viewer now receives another of the camera's streams (docs/PROTOCOL.md §10.9): NACKs are
     * answered from that stream's history. The SSRC follows the first packet sent of it; feedback
     * about the old stream's SSRC is foreign from then on.
     */
    public void useHistory(SendHistory streamHistory) {
        this.history = streamHistory; // retransmissions already queued go out: they are the old stream's
        switching = true; // until the new stream's first packet: NACKs name the old stream's numbers
    }

    public void setMediaBitrate(long bitsPerSecond) {
        pacer.setMediaBitrate(bitsPerSecond);
        budget.setMediaBitrate(bitsPerSecond);
    }

    /** Queues a new media packet (already in the history) for pacing. */
    public void send(OutgoingRtp rtp) {
        pacer.enqueue(rtp);
        packetsSent++;
        octetsSent += rtp.payloadLength(); // RFC 3550 §6.4.1: payload octets, no header or padding
        switching = false;
        ssrc = rtp.ssrc();
        lastRtpTimestamp = rtp.timestamp();
    }

    public void receiveRtcp(List<RtcpPacket> packets, long now) {
        for (RtcpPacket packet : packets) {
            switch (packet) {
                case Nack nack when switching || nack.mediaSsrc() != ssrc -> foreignFeedback++;
                case Nack nack -> onNack(nack, now);
                // 0: the viewer asks for its first keyframe before any media reached it.
                case Pli pli when pli.mediaSsrc() != ssrc && pli.mediaSsrc() != 0 -> foreignFeedback++;
                case Pli pli -> {
                    plisReceived++;
                    keyframeRequested = true;
                }
                case ReceiverReport rr -> onReceiverReport(rr, now);
                case ReferenceTime rrtr -> {
                    receiverSsrc = rrtr.ssrc();
                    lastRr = NtpTime.middle32(rrtr.ntpTime());
                    lastRrAt = now;
                }
                default -> {}
            }
        }
    }

    public void handleTimeout(long now) {
        if (now >= nextReportAt) {
            nextReportAt = now + REPORT_INTERVAL_MILLIS;
            List<RtcpPacket> report = new ArrayList<>(2);
            report.add(new SenderReport(
                    ssrc,
                    NtpTime.fromMillis(now),
                    lastRtpTimestamp,
                    packetsSent & 0xFFFF_FFFFL,
                    octetsSent & 0xFFFF_FFFFL,
                    List.of()));
            if (lastRr != 0) {
                report.add(new DelaySinceReferenceTime(
                        ssrc, receiverSsrc, lastRr, NtpTime.compactFromMillis(now - lastRrAt)));
                lastRr = 0; // answer each reference time once
            }
            feedback.add(RtcpCodec.encode(report));
        }
    }

    public long nextTimeout() {
        return Math.min(nextReportAt, pacer.nextTimeout());
    }

    /** The next media packet (new or retransmitted) the pacer lets out now, or null. */
    public Pacer.Packet pollMedia(long now) {
        Pacer.Packet packet = pacer.poll(now);
        if (packet != null && packet.retransmission()) {
            pendingRetransmissions.remove(packet.rtp().sequenceNumber());
        }
        return packet;
    }

    /** The next RTCP compound for the viewer, or null. */
    public byte[] pollFeedback() {
        return feedback.poll();
    }

    /** Whether the viewer asked for a keyframe since the last call. */
    public boolean takeKeyframeRequest() {
        boolean requested = keyframeRequested;
        keyframeRequested = false;
        return requested;
    }

    /** The next receiver report's reading of the path, or null. */
    public Quality pollQuality() {
        return reports.poll();
    }

    public long nacksReceived() {
        return nacksReceived;
    }

    public long retransmitted() {
        return retransmitted;
    }

    /** NACKed packets no longer (or never) in the history. */
    public long notInHistory() {
        return notInHistory;
    }

    /** NACKed packets not queued again: already waiting, the retransmission queue full, or over the budget. */
    public long retransmissionsRefused() {
        return retransmissionsRefused;
    }

    public long plisReceived() {
        return plisReceived;
    }

    /** Receiver reports (or blocks about our stream) not taken: too soon after the last one taken. */
    public long reportsIgnored() {
        return reportsIgnored;
    }

    /** PLIs and NACKs about a media SSRC this link does not send, ignored (docs/PROTOCOL.md §10.6). */
    public long foreignFeedback() {
        return foreignFeedback;
    }

    public long queuedBytes() {
        return pacer.queuedBytes();
    }

    /** The report's block about our stream, once, if the last one taken is old enough. */
    private void onReceiverReport(ReceiverReport rr, long now) {
        for (ReportBlock block : rr.reports()) {
            if (block.ssrc() != ssrc) {
                continue;
            }
            if (now - reportTakenAt < MIN_REPORT_SPACING_MILLIS) {
                reportsIgnored++;
                return;
            }
            reportTakenAt = now;
            long rtt = NtpTime.roundTripMillis(now, block.lastSr(), block.delaySinceLastSr());
            reports.add(new Quality(
                    block.fractionLost() / 256.0, block.jitter() * 1000.0 / 90_000, rtt, block.cumulativeLost()));
            return; // a second block about one stream says nothing more
        }
    }

    private void onNack(Nack nack, long now) {
        nacksReceived++;
        for (int sequence : nack.lost()) {
            OutgoingRtp rtp = history.find(sequence);
            if (rtp == null) {
                notInHistory++;
            } else if (pendingRetransmissions.size() >= MAX_PENDING_RETRANSMISSIONS
                    || pendingRetransmissions.contains(sequence & 0xffff)
                    || !budget.tryTake(rtp.length(), now)) {
                retransmissionsRefused++;
            } else {
                pendingRetransmissions.add(sequence & 0xffff);
                retransmitted++;
                pacer.enqueueUrgent(rtp);
            }
        }
    }
}
