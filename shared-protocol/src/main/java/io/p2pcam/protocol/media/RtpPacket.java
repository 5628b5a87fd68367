package io.p2pcam.protocol.media;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One RTP data packet as the application sees it (RFC 3550 §5.1): the fixed header fields, the
 * CSRC list and the payload. A header extension is skipped and padding is removed when decoding;
 * {@link RtpCodec#encode} writes neither.
 *
 * <p>Unsigned 32-bit fields ({@code timestamp}, {@code ssrc}, CSRCs) are held in {@code long}s in
 * the range {@code 0..0xFFFFFFFF}; the 16-bit sequence number in an {@code int} in {@code
 * 0..0xFFFF}. Out-of-range values are a programming error and throw {@link
 * IllegalArgumentException}.
 *
 * <p>Ownership: the payload array is not copied; whoever builds a packet hands its payload over
 * and must not change it afterwards. Equality compares the payload by content.
 *
 * @param payloadType 7-bit payload type, {@code 0..127}
 * @param marker the M bit; for H.264, set on the last packet of an access unit
 * @param sequenceNumber 16-bit sequence number, incremented by one per packet
 * @param timestamp 32-bit media timestamp (90 kHz for video)
 * @param ssrc synchronization source identifier
 * @param csrcs contributing sources, at most {@value #MAX_CSRC_COUNT}
 * @param payload the payload, without padding
 */
public record RtpPacket(
        int payloadType,
        boolean marker,
        int sequenceNumber,
        long timestamp,
        long ssrc,
        List<Long> csrcs,
        byte[] payload) {

    /** The CC field has four bits. */
    public static final int MAX_CSRC_COUNT = 15;

    public RtpPacket {
        requireRange("payloadType", payloadType, 0x7F);
        requireRange("sequenceNumber", sequenceNumber, 0xFFFF);
        requireUnsigned32("timestamp", timestamp);
        requireUnsigned32("ssrc", ssrc);
        csrcs = List.copyOf(csrcs);
        if (csrcs.size() > MAX_CSRC_COUNT) {
            throw new IllegalArgumentException("at most 15 CSRCs, got " + csrcs.size());
        }
        csrcs.forEach(csrc -> requireUnsigned32("csrc", csrc));
        Objects.requireNonNull(payload, "payload");
    }

    /** A packet without contributing sources, the usual case for a camera. */
    public RtpPacket(int payloadType, boolean marker, int sequenceNumber, long timestamp, long ssrc, byte[] payload) {
        this(payloadType, marker, sequenceNumber, timestamp, ssrc, List.of(), payload);
    }

    /** The number of bytes {@link RtpCodec#encode} writes for this packet. */
    public int encodedLength() {
        return RtpCodec.FIXED_HEADER_LENGTH + 4 * csrcs.size() + payload.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RtpPacket that
                && payloadType == that.payloadType
                && marker == that.marker
                && sequenceNumber == that.sequenceNumber
                && timestamp == that.timestamp
                && ssrc == that.ssrc
                && csrcs.equals(that.csrcs)
                && Arrays.equals(payload, that.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(payloadType, marker, sequenceNumber, timestamp, ssrc, csrcs)
                + 31 * Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "RtpPacket[pt=" + payloadType + (marker ? ", M" : "") + ", seq=" + sequenceNumber
                + ", ts=" + timestamp + ", ssrc=" + Long.toHexString(ssrc)
                + (csrcs.isEmpty() ? "" : ", csrcs=" + csrcs) + ", " + payload.length + " payload bytes]";
    }

    private static void requireRange(String name, int value, int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(name + " out of range 0.." + max + ": " + value);
        }
    }

    private static void requireUnsigned32(String name, long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(name + " is not an unsigned 32-bit value: " + value);
        }
    }
}
