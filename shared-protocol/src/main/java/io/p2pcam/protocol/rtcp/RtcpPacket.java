package io.p2pcam.protocol.rtcp;

import io.p2pcam.protocol.text.ShownName;
import java.util.List;

/**
 * The RTCP packets p2pcam exchanges inside MEDIA_FEEDBACK session packets (docs/PROTOCOL.md
 * §10.6): reports (RFC 3550 §6.4), receiver reference time and its reply (RFC 3611 §4.4, §4.5),
 * and the two feedback messages of RFC 4585 §6.2.1 (Generic NACK) and §6.3.1 (PLI).
 *
 * <p>32-bit unsigned fields (SSRCs, timestamps, counts) are held in {@code long}s, 0..2^32-1.
 * NTP timestamps are full 64-bit values ({@link NtpTime}).
 */
public sealed interface RtcpPacket {

    /**
     * One reception report block (RFC 3550 §6.4.1).
     *
     * @param ssrc the media source reported on
     * @param fractionLost lost since the previous report, in 1/256 (0..255)
     * @param cumulativeLost packets lost since the start (24-bit signed, clamped)
     * @param highestSequence the extended highest sequence number received
     * @param jitter interarrival jitter in RTP timestamp units
     * @param lastSr middle 32 bits of the last SR's NTP time, 0 if none yet
     * @param delaySinceLastSr since that SR arrived, in 1/65536 s
     */
    record ReportBlock(
            long ssrc,
            int fractionLost,
            int cumulativeLost,
            long highestSequence,
            long jitter,
            long lastSr,
            long delaySinceLastSr) {}

    /** SR, PT 200 (RFC 3550 §6.4.1). */
    record SenderReport(
            long ssrc, long ntpTime, long rtpTimestamp, long packetCount, long octetCount, List<ReportBlock> reports)
            implements RtcpPacket {
        public SenderReport {
            reports = List.copyOf(reports);
        }
    }

    /** RR, PT 201 (RFC 3550 §6.4.2). */
    record ReceiverReport(long ssrc, List<ReportBlock> reports) implements RtcpPacket {
        public ReceiverReport {
            reports = List.copyOf(reports);
        }
    }

    /**
     * Generic NACK, PT 205 FMT 1 (RFC 4585 §6.2.1): the sequence numbers the receiver misses.
     * Encoded as PID/BLP pairs, each covering 17 consecutive numbers.
     */
    record Nack(long senderSsrc, long mediaSsrc, List<Integer> lost) implements RtcpPacket {
        public Nack {
            lost = List.copyOf(lost);
        }
    }

    /** Picture Loss Indication, PT 206 FMT 1 (RFC 4585 §6.3.1): send a keyframe. */
    record Pli(long senderSsrc, long mediaSsrc) implements RtcpPacket {}

    /**
     * XR Receiver Reference Time block, BT 4 (RFC 3611 §4.4): lets a receiver that sends no SR
     * learn its round-trip time from the sender's {@link DelaySinceReferenceTime} reply.
     */
    record ReferenceTime(long ssrc, long ntpTime) implements RtcpPacket {}

    /**
     * XR DLRR block, BT 5 (RFC 3611 §4.5), one sub-block: the answer to a {@link ReferenceTime}.
     *
     * @param receiverSsrc the receiver whose reference time is echoed
     * @param lastRr middle 32 bits of its NTP time
     * @param delaySinceLastRr since it arrived, in 1/65536 s
     */
    record DelaySinceReferenceTime(long ssrc, long receiverSsrc, long lastRr, long delaySinceLastRr)
            implements RtcpPacket {}

    /**
     * APP, PT 204 (RFC 3550 §6.7), name {@code TALK}, subtype 1: the camera did not play the
     * receiver's talkback because another viewer holds the talk floor; subtype 2: because the
     * camera's owner took the floor from the receiver (docs/PROTOCOL.md §10.7).
     *
     * @param ssrc the camera's sound stream (0 if it sends none)
     * @param holder the name the talking viewer gave itself, at most {@link #MAX_HOLDER_BYTES} bytes
     *     of UTF-8 (longer names are cut at a character boundary), empty if unknown
     * @param takenOver subtype 2: the holder is the camera's owner, who took the floor from the receiver
     */
    record TalkRefused(long ssrc, String holder, boolean takenOver) implements RtcpPacket {
        public static final int MAX_HOLDER_BYTES = 64;

        /** The holder's name is shown to people: without control or invisible format characters ({@link ShownName}). */
        public TalkRefused {
            holder = Utf8.truncate(ShownName.clean(holder), MAX_HOLDER_BYTES).strip();
        }

        /** Subtype 1: another viewer holds the floor. */
        public TalkRefused(long ssrc, String holder) {
            this(ssrc, holder, false);
        }
    }

    /** A packet (or XR block) of a type this side does not use: skipped, as RFC 3550 §6.1 asks. */
    record Unknown(int packetType, int format) implements RtcpPacket {}
}
