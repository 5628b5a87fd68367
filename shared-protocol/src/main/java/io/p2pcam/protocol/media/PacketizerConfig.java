package io.p2pcam.protocol.media;

/**
 * How {@link H264Packetizer} cuts access units into RTP packets.
 *
 * @param maxPacketSize largest RTP packet in bytes, header included. The default leaves room in a
 *     1200-byte datagram for the AEAD envelope each packet is sealed in.
 * @param aggregateSmallNalUnits whether consecutive small NAL units (typically SPS and PPS) share
 *     one STAP-A packet (RFC 6184 §5.7.1)
 */
public record PacketizerConfig(int maxPacketSize, boolean aggregateSmallNalUnits) {

    /** 1200-byte datagrams minus room for the session's envelope and transport headers. */
    public static final int DEFAULT_MAX_PACKET_SIZE = 1100;

    /** An RTP header plus FU indicator, FU header and one byte of fragment. */
    public static final int MIN_PACKET_SIZE = RtpCodec.FIXED_HEADER_LENGTH + 3;

    /** {@value #DEFAULT_MAX_PACKET_SIZE}-byte packets, STAP-A aggregation on. */
    public static final PacketizerConfig DEFAULTS = new PacketizerConfig(DEFAULT_MAX_PACKET_SIZE, true);

    public PacketizerConfig {
        if (maxPacketSize < MIN_PACKET_SIZE) {
            throw new IllegalArgumentException(
                    "maxPacketSize must be at least " + MIN_PACKET_SIZE + ": " + maxPacketSize);
        }
    }

    /** The largest RTP payload, {@code maxPacketSize} minus the fixed RTP header. */
    public int maxPayloadSize() {
        return maxPacketSize - RtpCodec.FIXED_HEADER_LENGTH;
    }
}
