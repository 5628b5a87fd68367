package io.p2pcam.protocol.media;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns H.264 access units into RTP packets, RFC 6184 packetization-mode=1 (non-interleaved):
 * a NAL unit that fits travels alone (§5.6), consecutive small ones may share a STAP-A (§5.7.1),
 * a large one is cut into FU-A fragments (§5.8). Every packet is at most {@link
 * PacketizerConfig#maxPacketSize()} bytes once encoded, sequence numbers are consecutive across
 * calls (wrapping at 65535) and only the last packet of an access unit carries the marker bit.
 *
 * <p>Not thread-safe: one instance per outgoing stream, used by one thread. The first sequence
 * number is passed in; RFC 3550 §5.1 asks for a random one.
 *
 * <p>Ownership: a single NAL unit packet's payload is the caller's NAL unit array itself, so the
 * caller must not modify NAL units after handing them over.
 */
public final class H264Packetizer {

    private static final int FU_START = 0x80;
    private static final int FU_END = 0x40;
    private static final int FU_HEADERS_LENGTH = 2;
    private static final int STAP_A_SIZE_LENGTH = 2;
    private static final int MAX_STAP_A_NAL_SIZE = 0xFFFF;

    private final long ssrc;
    private final int payloadType;
    private final PacketizerConfig config;
    private int nextSequenceNumber;

    public H264Packetizer(long ssrc, int payloadType, int firstSequenceNumber, PacketizerConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        // Let RtpPacket's checks reject bad identifiers now rather than on the first frame.
        new RtpPacket(payloadType, false, firstSequenceNumber, 0, ssrc, new byte[0]);
        this.ssrc = ssrc;
        this.payloadType = payloadType;
        this.nextSequenceNumber = firstSequenceNumber;
    }

    /** The sequence number the next packet will carry. */
    public int nextSequenceNumber() {
        return nextSequenceNumber;
    }

    /**
     * Packetizes one access unit.
     *
     * @param nalUnits the NAL units of one picture in decoding order, without start codes (see
     *     {@link AnnexB#split}); each at least its header byte, of type 1..23
     * @param timestamp the access unit's RTP timestamp (90 kHz), shared by all its packets
     * @return the packets in sending order; the last one has the marker bit
     * @throws IllegalArgumentException if the list is empty or a NAL unit is empty or of a type
     *     that cannot be sent in this mode
     */
    public List<RtpPacket> packetize(List<byte[]> nalUnits, long timestamp) {
        requireValid(nalUnits);
        List<byte[]> payloads = new ArrayList<>();
        int index = 0;
        while (index < nalUnits.size()) {
            int aggregated = config.aggregateSmallNalUnits() ? aggregatableCount(nalUnits, index) : 1;
            if (aggregated >= 2) {
                payloads.add(stapA(nalUnits.subList(index, index + aggregated)));
                index += aggregated;
            } else {
                addSingleOrFragments(nalUnits.get(index++), payloads);
            }
        }
        List<RtpPacket> packets = new ArrayList<>(payloads.size());
        for (int i = 0; i < payloads.size(); i++) {
            boolean lastOfAccessUnit = i == payloads.size() - 1;
            packets.add(
                    new RtpPacket(payloadType, lastOfAccessUnit, nextSequenceNumber, timestamp, ssrc, payloads.get(i)));
            nextSequenceNumber = (nextSequenceNumber + 1) & 0xFFFF;
        }
        return packets;
    }

    private static void requireValid(List<byte[]> nalUnits) {
        if (nalUnits.isEmpty()) {
            throw new IllegalArgumentException("an access unit has at least one NAL unit");
        }
        for (byte[] nalUnit : nalUnits) {
            if (nalUnit.length == 0) {
                throw new IllegalArgumentException("empty NAL unit");
            }
            if (!NalHeader.isSingleNalType(NalHeader.type(nalUnit[0]))) {
                throw new IllegalArgumentException(
                        "NAL unit type " + NalHeader.type(nalUnit[0]) + " cannot be packetized");
            }
        }
    }

    /** How many NAL units from {@code from} on fit together in one STAP-A payload. */
    private int aggregatableCount(List<byte[]> nalUnits, int from) {
        int size = 1;
        int count = 0;
        for (int i = from; i < nalUnits.size(); i++) {
            int length = nalUnits.get(i).length;
            size += STAP_A_SIZE_LENGTH + length;
            if (length > MAX_STAP_A_NAL_SIZE || size > config.maxPayloadSize()) {
                break;
            }
            count++;
        }
        return count;
    }

    /** RFC 6184 §5.7.1: F is the OR of the units' F bits, NRI their maximum. */
    private static byte[] stapA(List<byte[]> nalUnits) {
        int size = 1;
        int forbidden = 0;
        int nri = 0;
        for (byte[] nalUnit : nalUnits) {
            size += STAP_A_SIZE_LENGTH + nalUnit.length;
            forbidden |= nalUnit[0] & NalHeader.F_MASK;
            nri = Math.max(nri, nalUnit[0] & NalHeader.NRI_MASK);
        }
        byte[] payload = new byte[size];
        payload[0] = (byte) (forbidden | nri | NalHeader.STAP_A);
        int position = 1;
        for (byte[] nalUnit : nalUnits) {
            payload[position++] = (byte) (nalUnit.length >>> 8);
            payload[position++] = (byte) nalUnit.length;
            System.arraycopy(nalUnit, 0, payload, position, nalUnit.length);
            position += nalUnit.length;
        }
        return payload;
    }

    /**
     * RFC 6184 §5.8: the NAL header is replaced by an FU indicator (its F and NRI, type 28) and an
     * FU header (S, E, R=0, its type). Only NAL units larger than a payload are fragmented, so there
     * are always at least two fragments and S and E are never set together.
     */
    private void addSingleOrFragments(byte[] nalUnit, List<byte[]> payloads) {
        int maxPayloadSize = config.maxPayloadSize();
        if (nalUnit.length <= maxPayloadSize) {
            payloads.add(nalUnit);
            return;
        }
        byte indicator = (byte) (nalUnit[0] & NalHeader.F_AND_NRI_MASK | NalHeader.FU_A);
        int type = NalHeader.type(nalUnit[0]);
        int chunk = maxPayloadSize - FU_HEADERS_LENGTH;
        for (int offset = 1; offset < nalUnit.length; offset += chunk) {
            int length = Math.min(chunk, nalUnit.length - offset);
            boolean start = offset == 1;
            boolean end = offset + length == nalUnit.length;
            byte[] payload = new byte[FU_HEADERS_LENGTH + length];
            payload[0] = indicator;
            payload[1] = (byte) ((start ? FU_START : 0) | (end ? FU_END : 0) | type);
            System.arraycopy(nalUnit, offset, payload, FU_HEADERS_LENGTH, length);
            payloads.add(payload);
        }
    }
}
