package io.p2pcam.protocol.media;

import java.util.Arrays;
import java.util.Objects;

/**
 * An RTP packet on its way out: its wire form, encoded once, with what a sender's bookkeeping
 * needs kept as parsed values (header fields, RFC 3550 §5.1, and whether the H.264 payload opens
 * with a keyframe's NAL unit), so that the send history, the pacer, the sender reports and the
 * keyframe join never read them back from fixed byte offsets.
 *
 * <p>Ownership: {@code bytes} is not copied and must not change once handed over; the same array
 * goes to every viewer (each session seals its own copy). Equality compares it by content.
 *
 * @param sequenceNumber 16-bit sequence number, {@code 0..0xFFFF}
 * @param timestamp 32-bit media timestamp
 * @param ssrc synchronization source
 * @param marker the M bit: for H.264, the last packet of an access unit
 * @param startsKeyframeNal whether the payload begins with SPS, PPS or an IDR slice ({@link
 *     KeyframeJoin#startsWithKeyframeNal})
 * @param payloadLength payload octets, without header and padding (what a sender report counts)
 * @param bytes the encoded packet, as sent
 */
public record OutgoingRtp(
        int sequenceNumber,
        long timestamp,
        long ssrc,
        boolean marker,
        boolean startsKeyframeNal,
        int payloadLength,
        byte[] bytes) {

    public OutgoingRtp {
        Objects.requireNonNull(bytes, "bytes");
    }

    /** Encodes {@code packet} (once) and keeps its header fields. */
    public static OutgoingRtp of(RtpPacket packet) {
        return of(packet, RtpCodec.encode(packet));
    }

    /** {@code packet} already encoded as {@code bytes} (as {@link RtpCodec#decode} read it from them). */
    public static OutgoingRtp of(RtpPacket packet, byte[] bytes) {
        return new OutgoingRtp(
                packet.sequenceNumber(),
                packet.timestamp(),
                packet.ssrc(),
                packet.marker(),
                KeyframeJoin.startsWithKeyframeNal(packet.payload()),
                packet.payload().length,
                bytes);
    }

    /** The wire size of the packet. */
    public int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutgoingRtp that
                && sequenceNumber == that.sequenceNumber
                && timestamp == that.timestamp
                && ssrc == that.ssrc
                && marker == that.marker
                && startsKeyframeNal == that.startsKeyframeNal
                && payloadLength == that.payloadLength
                && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sequenceNumber, timestamp, ssrc, marker, startsKeyframeNal, payloadLength)
                + 31 * Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "OutgoingRtp[seq=" + sequenceNumber + ", ts=" + timestamp + ", ssrc=" + Long.toHexString(ssrc) + ", "
                + bytes.length + " bytes]";
    }
}
