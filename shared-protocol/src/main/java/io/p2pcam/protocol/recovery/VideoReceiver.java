package io.p2pcam.protocol.recovery;

import io.p2pcam.protocol.media.AnnexB;
import io.p2pcam.protocol.media.DepacketizerConfig;
import io.p2pcam.protocol.media.DepacketizerEvent;
import io.p2pcam.protocol.media.DepacketizerEvent.AccessUnit;
import io.p2pcam.protocol.media.DepacketizerEvent.IncompleteAccessUnit;
import io.p2pcam.protocol.media.H264Depacketizer;
import io.p2pcam.protocol.media.NalHeader;
import io.p2pcam.protocol.media.PictureSize;
import io.p2pcam.protocol.media.RtpPacket;
import io.p2pcam.protocol.rtcp.RtcpPacket;
import java.util.ArrayDeque;
import java.util.List;

/**
 * A viewer's whole receive side of one H.264 video stream before the decoder, sans I/O: RTP
 * packets in, access units out. The {@link MediaReceiver} orders packets, waits for missing ones
 * and NACKs them (RFC 4585 §6.2.1); the {@link H264Depacketizer} rebuilds access units (RFC 6184)
 * from what it releases, in order, any hole left being loss; and this class owns the keyframe
 * requests (PLI, RFC 4585 §6.3.1) and where decoding may start.
 *
 * <p>Where decoding starts: until the stream's first keyframe (and again after a switch to
 * another SSRC, docs/PROTOCOL.md §10.9) an access unit holding a predicted slice is not handed
 * out (a decoder that has seen no keyframe can only fail on it: issue 16 §2); it is counted
 * ({@link #skippedBeforeKeyframe()}) and a keyframe is asked for. Parameter sets and incomplete
 * access units pass, so the decoder and the counters see them.
 *
 * <p>Keyframe requests: one timer. A keyframe is wanted when an access unit is lost (reported
 * incomplete: every NACK for it went unanswered), before the first keyframe, or when the owner
 * calls {@link #requestKeyframe} (its decoder failed or fell behind). A PLI goes out at once, and
 * again every {@link #KEYFRAME_RETRY_MILLIS} (reported through {@link #nextTimeout()}) until a
 * keyframe is handed out; never two within that interval, however often it is wanted.
 *
 * <p>Drive it with {@link #handlePacket}, the sender's RTCP with {@link #handleRtcp}, {@link
 * #handleTimeout} at {@link #nextTimeout()}; then drain {@link #pollAccessUnit()} (depacketizer
 * events in stream order) and {@link #pollFeedback()} (RTCP compounds for the sender: NACKs,
 * PLIs, receiver reports). Not thread-safe: one thread drives it.
 */
public final class VideoReceiver {
    /** A PLI lost on the way, or answered with a keyframe that was lost, is repeated after this. */
    public static final long KEYFRAME_RETRY_MILLIS = 500;

    /** The jitter buffer releases packets in order after its wait: every hole left is loss at once. */
    private static final DepacketizerConfig DEPACKETIZER = new DepacketizerConfig(0, 4 << 20);

    /** What the first access unit received was (issue 16 §2: the first should be a keyframe). */
    public enum FirstUnit {
        NONE_YET,
        KEYFRAME,
        /** A predicted picture, or an incomplete access unit, came first. */
        NOT_A_KEYFRAME
    }

    private final MediaReceiver receiver;
    private final H264Depacketizer depacketizer = new H264Depacketizer(DEPACKETIZER);
    private final ArrayDeque<DepacketizerEvent> accessUnits = new ArrayDeque<>();
    private long streamSsrc = -1;
    private boolean keyframeSeen;
    private boolean keyframeWanted;
    private long lastKeyframeRequest = Long.MIN_VALUE;
    private FirstUnit firstUnit = FirstUnit.NONE_YET;
    private long packets;
    private long bytes;
    private long skippedBeforeKeyframe;
    /** The picture size the last SPS of stream {@link #sizeSsrc} said (§10.9: which stream it is). */
    private PictureSize size = PictureSize.UNKNOWN;

    private long sizeSsrc = -1;

    /** @param ssrc this receiver's own SSRC, the sender of its feedback */
    public VideoReceiver(long ssrc, long now) {
        this.receiver = new MediaReceiver(ssrc, now);
    }

    /** A packet from a sender that does not retransmit (plain RTP). */
    public void handlePacket(RtpPacket packet, long now) {
        handlePacket(packet, false, now);
    }

    /** @param retransmission whether the sender marked it as sent again on our NACK */
    public void handlePacket(RtpPacket packet, boolean retransmission, long now) {
        packets++;
        bytes += packet.encodedLength();
        receiver.receiveRtp(packet, retransmission, now);
        depacketize(now);
    }

    /** The sender's RTCP (sender reports, DLRR): the round-trip time that sets the jitter buffer's wait. */
    public void handleRtcp(List<RtcpPacket> rtcp, long now) {
        receiver.receiveRtcp(rtcp, now);
    }

    /**
     * The decoder needs a keyframe (it failed, or fell behind and dropped access units): a PLI now,
     * unless one went out less than {@link #KEYFRAME_RETRY_MILLIS} ago, and again until one comes.
     */
    public void requestKeyframe(long now) {
        keyframeWanted = true;
        if (lastKeyframeRequest == Long.MIN_VALUE || now - lastKeyframeRequest >= KEYFRAME_RETRY_MILLIS) {
            lastKeyframeRequest = now;
            receiver.requestKeyframe(now);
        }
    }

    public long nextTimeout() {
        long next = receiver.nextTimeout();
        return keyframeWanted ? Math.min(next, lastKeyframeRequest + KEYFRAME_RETRY_MILLIS) : next;
    }

    public void handleTimeout(long now) {
        receiver.handleTimeout(now);
        depacketize(now);
        if (keyframeWanted && now - lastKeyframeRequest >= KEYFRAME_RETRY_MILLIS) {
            requestKeyframe(now);
        }
    }

    /** The next depacketizer event (an access unit, a lost one, a dropped packet) in stream order, or null. */
    public DepacketizerEvent pollAccessUnit() {
        return accessUnits.poll();
    }

    /** The next RTCP compound to send to the media sender, or null. */
    public byte[] pollFeedback() {
        return receiver.pollFeedback();
    }

    /** Loss, recovery, round-trip and jitter figures. */
    public MediaReceiver.Stats stats() {
        return receiver.stats();
    }

    public FirstUnit firstUnit() {
        return firstUnit;
    }

    /** Whether a keyframe is asked for and none has come yet. */
    public boolean keyframeWanted() {
        return keyframeWanted;
    }

    /** Packets received (every arrival, duplicates and stale ones too). */
    public long packets() {
        return packets;
    }

    /** Bytes of those packets, as RTP (header and payload). */
    public long bytes() {
        return bytes;
    }

    /** Intact access units with a predicted slice not handed out because no keyframe came before them. */
    public long skippedBeforeKeyframe() {
        return skippedBeforeKeyframe;
    }

    /**
     * How the video has come so far, in one read for another thread.
     *
     * @param packets packets received (every arrival, duplicates and stale ones too)
     * @param bytes those packets' bytes, as RTP (header and payload)
     * @param ssrc the stream received now, 0 before the first packet: it changes when the sender
     *     starts this receiver on another stream, never for a late packet of the old one
     * @param streamPackets packets taken for the video: every arrival but the late packets of a
     *     stream left (they are dropped); while {@code ssrc} stays, its growth is that stream coming
     * @param firstUnit whether the first access unit was a keyframe
     * @param skippedBeforeKeyframe intact pictures before the first keyframe, not handed out
     * @param size the picture size the SPS of stream {@code ssrc} announces, {@link PictureSize#UNKNOWN}
     *     until its first keyframe: it tells a camera's streams apart (the sub-stream is the smaller)
     */
    public record Progress(
            long packets,
            long bytes,
            long ssrc,
            long streamPackets,
            FirstUnit firstUnit,
            long skippedBeforeKeyframe,
            PictureSize size) {
        public static final Progress NONE = new Progress(0, 0, 0, 0, FirstUnit.NONE_YET, 0, PictureSize.UNKNOWN);
    }

    public Progress progress() {
        long ssrc = mediaSsrc();
        return new Progress(
                packets,
                bytes,
                ssrc,
                packets - receiver.staleStreamPackets(),
                firstUnit,
                skippedBeforeKeyframe,
                ssrc == sizeSsrc ? size : PictureSize.UNKNOWN);
    }

    /** The SSRC of the stream received now (0 before the first packet). */
    public long mediaSsrc() {
        return receiver.mediaSsrc();
    }

    private void depacketize(long now) {
        RtpPacket packet;
        while ((packet = receiver.pollPacket()) != null) {
            if (packet.ssrc() != streamSsrc) {
                streamSsrc = packet.ssrc(); // a new stream: decoding starts again at its keyframe
                keyframeSeen = false;
            }
            depacketizer.receive(packet);
            DepacketizerEvent event;
            while ((event = depacketizer.pollEvent().orElse(null)) != null) {
                admit(event, now);
            }
        }
    }

    private void admit(DepacketizerEvent event, long now) {
        switch (event) {
            case AccessUnit unit -> {
                if (firstUnit == FirstUnit.NONE_YET) {
                    firstUnit = unit.keyframe() ? FirstUnit.KEYFRAME : FirstUnit.NOT_A_KEYFRAME;
                }
                if (unit.keyframe()) {
                    keyframeSeen = true;
                    keyframeWanted = false;
                    readPictureSize(unit);
                } else if (!keyframeSeen && hasPredictedSlice(unit)) {
                    skippedBeforeKeyframe++;
                    requestKeyframe(now);
                    return;
                }
            }
            case IncompleteAccessUnit ignored -> {
                if (firstUnit == FirstUnit.NONE_YET) {
                    firstUnit = FirstUnit.NOT_A_KEYFRAME;
                }
                requestKeyframe(now); // the pictures after it refer to what was lost
            }
            case DepacketizerEvent.DroppedPacket ignored -> {}
        }
        accessUnits.add(event);
    }

    /** Keeps the size the keyframe's SPS (in front of every IDR picture, §10.2) announces for this stream. */
    private void readPictureSize(AccessUnit unit) {
        for (byte[] nal : AnnexB.split(unit.annexB())) {
            PictureSize announced = nal.length == 0 ? PictureSize.UNKNOWN : PictureSize.ofSps(nal);
            if (announced.known()) {
                size = announced;
                sizeSsrc = streamSsrc;
            }
        }
    }

    /** Whether an access unit holds a slice that refers to earlier pictures (NAL types 1–4, RFC 6184 §1.3). */
    private static boolean hasPredictedSlice(AccessUnit unit) {
        for (byte[] nal : AnnexB.split(unit.annexB())) {
            int type = nal.length == 0 ? 0 : NalHeader.type(nal[0]);
            if (type >= 1 && type <= 4) {
                return true;
            }
        }
        return false;
    }
}
