package io.p2pcam.protocol.media;

import io.p2pcam.protocol.media.MalformedRtpException.Reason;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Encodes and decodes RTP data packets (RFC 3550 §5.1). Stateless and thread-safe.
 *
 * <p>Decoding skips a header extension (§5.3.1) and strips padding; it never throws an unchecked
 * exception on bad bytes, only {@link MalformedRtpException} with a {@link Reason}. Encoding
 * writes version 2 without padding or extension, into a caller-supplied array or buffer so the
 * send path need not allocate.
 */
public final class RtpCodec {

    /** RTP version carried in the two top bits of the first byte. */
    public static final int VERSION = 2;
    /** V, P, X, CC, M, PT, sequence number, timestamp and SSRC. */
    public static final int FIXED_HEADER_LENGTH = 12;

    private static final int CSRC_LENGTH = 4;
    private static final int EXTENSION_HEADER_LENGTH = 4;
    private static final int PADDING_BIT = 0x20;
    private static final int EXTENSION_BIT = 0x10;
    private static final int CSRC_COUNT_MASK = 0x0F;
    private static final int MARKER_BIT = 0x80;
    private static final int PAYLOAD_TYPE_MASK = 0x7F;

    private RtpCodec() {}

    /**
     * Writes {@code packet} into {@code destination} at {@code offset}.
     *
     * @return the number of bytes written, {@link RtpPacket#encodedLength()}
     * @throws BufferOverflowException if the packet does not fit (a programming error)
     */
    public static int encode(RtpPacket packet, byte[] destination, int offset) {
        ByteBuffer out = ByteBuffer.wrap(destination, offset, destination.length - offset);
        encode(packet, out);
        return out.position() - offset;
    }

    /**
     * Writes {@code packet} at the buffer's position and advances it.
     *
     * @throws BufferOverflowException if fewer than {@link RtpPacket#encodedLength()}
     *     bytes remain (a programming error); nothing is written then
     */
    public static void encode(RtpPacket packet, ByteBuffer out) {
        if (out.remaining() < packet.encodedLength()) {
            throw new BufferOverflowException();
        }
        out.put((byte) (VERSION << 6 | packet.csrcs().size()));
        out.put((byte) ((packet.marker() ? MARKER_BIT : 0) | packet.payloadType()));
        out.putShort((short) packet.sequenceNumber());
        out.putInt((int) packet.timestamp());
        out.putInt((int) packet.ssrc());
        for (long csrc : packet.csrcs()) {
            out.putInt((int) csrc);
        }
        out.put(packet.payload());
    }

    /** Encodes {@code packet} into a new array of exactly {@link RtpPacket#encodedLength()}. */
    public static byte[] encode(RtpPacket packet) {
        byte[] bytes = new byte[packet.encodedLength()];
        encode(packet, bytes, 0);
        return bytes;
    }

    /** Decodes a whole array as one packet; see {@link #decode(byte[], int, int)}. */
    public static RtpPacket decode(byte[] datagram) throws MalformedRtpException {
        return decode(datagram, 0, datagram.length);
    }

    /**
     * Decodes the bytes between the buffer's position and limit as one packet and, on success,
     * advances the position to the limit. The buffer's byte order does not matter.
     */
    public static RtpPacket decode(ByteBuffer datagram) throws MalformedRtpException {
        RtpPacket packet = read(datagram.slice());
        datagram.position(datagram.limit());
        return packet;
    }

    /**
     * Decodes {@code length} bytes at {@code offset} as one RTP packet. The payload is copied, so
     * the caller may reuse its array.
     *
     * @throws MalformedRtpException if the bytes are not a version-2 RTP packet whose CSRC list,
     *     extension and padding fit inside them
     */
    public static RtpPacket decode(byte[] datagram, int offset, int length) throws MalformedRtpException {
        Objects.checkFromIndexSize(offset, length, datagram.length);
        return read(ByteBuffer.wrap(datagram, offset, length).slice());
    }

    /** Reads one packet from a big-endian buffer holding exactly that packet. */
    private static RtpPacket read(ByteBuffer in) throws MalformedRtpException {
        if (in.remaining() < FIXED_HEADER_LENGTH) {
            throw new MalformedRtpException(Reason.TOO_SHORT);
        }
        int first = in.get() & 0xFF;
        if (first >>> 6 != VERSION) {
            throw new MalformedRtpException(Reason.BAD_VERSION);
        }
        int second = in.get() & 0xFF;
        int sequenceNumber = in.getShort() & 0xFFFF;
        long timestamp = in.getInt() & 0xFFFF_FFFFL;
        long ssrc = in.getInt() & 0xFFFF_FFFFL;
        List<Long> csrcs = readCsrcs(in, first & CSRC_COUNT_MASK);
        if ((first & EXTENSION_BIT) != 0) {
            skipExtension(in);
        }
        int payloadEnd = in.limit() - paddingLength(in, (first & PADDING_BIT) != 0);
        byte[] payload = new byte[payloadEnd - in.position()];
        in.get(payload);
        return new RtpPacket(
                second & PAYLOAD_TYPE_MASK,
                (second & MARKER_BIT) != 0,
                sequenceNumber,
                timestamp,
                ssrc,
                csrcs,
                payload);
    }

    private static List<Long> readCsrcs(ByteBuffer in, int count) throws MalformedRtpException {
        if (count == 0) {
            return List.of();
        }
        if (in.remaining() < count * CSRC_LENGTH) {
            throw new MalformedRtpException(Reason.BAD_CSRC_COUNT);
        }
        List<Long> csrcs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            csrcs.add(in.getInt() & 0xFFFF_FFFFL);
        }
        return csrcs;
    }

    /** RFC 3550 §5.3.1: 16 bits defined by profile, 16 bits length in 32-bit words, the words. */
    private static void skipExtension(ByteBuffer in) throws MalformedRtpException {
        if (in.remaining() < EXTENSION_HEADER_LENGTH) {
            throw new MalformedRtpException(Reason.BAD_EXTENSION_LENGTH);
        }
        in.getShort();
        int extensionLength = (in.getShort() & 0xFFFF) * 4;
        if (in.remaining() < extensionLength) {
            throw new MalformedRtpException(Reason.BAD_EXTENSION_LENGTH);
        }
        in.position(in.position() + extensionLength);
    }

    /**
     * RFC 3550 §5.1: the last octet of the padding counts the padding octets, itself included, so
     * it is at least 1 and the padding lies after the header.
     */
    private static int paddingLength(ByteBuffer in, boolean padded) throws MalformedRtpException {
        if (!padded) {
            return 0;
        }
        if (!in.hasRemaining()) {
            throw new MalformedRtpException(Reason.BAD_PADDING);
        }
        int count = in.get(in.limit() - 1) & 0xFF;
        if (count == 0 || count > in.remaining()) {
            throw new MalformedRtpException(Reason.BAD_PADDING);
        }
        return count;
    }
}
