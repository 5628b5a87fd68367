package io.p2pcam.protocol.cloud;

import java.net.InetSocketAddress;

/**
 * Datagrams of the cloud's relay (docs/PROTOCOL.md §7). Each starts with the cloud's 12-byte
 * header whose transaction field carries the relay session's 64-bit ticket; each one a side sends
 * ends with a 16-byte tag under that side's {@link RelayKey}, so the ticket alone (which anyone on
 * the path sees) lets nobody send as a side:
 *
 * <pre>
 *  0      2     3      4                    12                              12+n      12+n+16
 * +------+-----+------+--------------------+-------------------------------+---------+
 * | 5043 | 01  | type | relay ticket (u64) | body                          | tag(16) |
 * +------+-----+------+--------------------+-------------------------------+---------+
 *  type 0x32 FRAME from the camera, 0x33 FRAME from the viewer: body = session packet (0x53 ..., ≤ 1200)
 *  type 0x34 CHALLENGE, cloud → side, 20 bytes: body = nonce (8), no tag
 *  type 0x35 RESPONSE, side → cloud, 36 bytes: body = the challenge's nonce (8), tag
 * </pre>
 *
 * The relay forwards a FRAME whole, tag included; the receiving side drops the header and the tag
 * and hands the session packet to its session. Frames are not {@link CloudMessage}s: the codec
 * never sees them.
 */
public final class RelayFrame {
    /** A frame sent by the camera, forwarded to the viewer. */
    public static final int FROM_CAMERA = 0x32;
    /** A frame sent by the viewer, forwarded to the camera. */
    public static final int FROM_VIEWER = 0x33;
    /** The relay asks a side to prove it receives at a new address. */
    public static final int CHALLENGE = 0x34;
    /** A side's answer to {@link #CHALLENGE}, from the new address. */
    public static final int RESPONSE = 0x35;

    public static final int HEADER_BYTES = CloudCodec.HEADER_BYTES;
    public static final int TAG_BYTES = RelayKey.TAG_BYTES;
    public static final int NONCE_BYTES = 8;
    /** The largest session packet a frame carries. */
    public static final int MAX_SESSION_PACKET = 1200;
    /** A frame carrying the largest session packet: 1228 bytes. */
    public static final int MAX_FRAME = HEADER_BYTES + MAX_SESSION_PACKET + TAG_BYTES;
    /** The smallest frame: a session packet's 14-byte header, its 16-byte AEAD tag and a kind byte. */
    public static final int MIN_FRAME = HEADER_BYTES + 31 + TAG_BYTES;

    public static final int CHALLENGE_BYTES = HEADER_BYTES + NONCE_BYTES;
    public static final int RESPONSE_BYTES = HEADER_BYTES + NONCE_BYTES + TAG_BYTES;

    private static final int SESSION_MAGIC = 0x53;
    /** Where a session packet's 64-bit counter sits (docs/PROTOCOL.md §10.2). */
    private static final int SESSION_COUNTER_OFFSET = 6;

    private RelayFrame() {}

    /**
     * Where one session's relayed packets go and how they are framed and signed. Not thread-safe
     * (its key is not): the session's thread uses it.
     *
     * @param relay the relay's address (the cloud's)
     * @param ticket the session's relay ticket
     * @param type {@link #FROM_CAMERA} or {@link #FROM_VIEWER}: this side's frame type
     * @param key this side's frame key
     */
    public record Route(InetSocketAddress relay, long ticket, int type, RelayKey key) {
        /**
         * The route a grant opens, or null when there is no grant: to the relay the grant names, or
         * else to {@code sender}, the node that sent it.
         */
        public static Route of(InetSocketAddress sender, RelayGrant grant, int type) {
            return grant.present()
                    ? new Route(grant.relayOr(sender), grant.ticket(), type, new RelayKey(grant.key()))
                    : null;
        }

        public byte[] wrap(byte[] sessionPacket) {
            byte[] frame = new byte[HEADER_BYTES + sessionPacket.length + TAG_BYTES];
            header(frame, type, ticket);
            System.arraycopy(sessionPacket, 0, frame, HEADER_BYTES, sessionPacket.length);
            key.sign(frame, 0, HEADER_BYTES + sessionPacket.length);
            return frame;
        }

        /** The RESPONSE to a CHALLENGE for this route's ticket, or null when the datagram is none. */
        public byte[] answer(byte[] data, int offset, int length) {
            if (!isChallenge(data, offset, length) || RelayFrame.ticket(data, offset) != ticket) {
                return null;
            }
            byte[] response = new byte[RESPONSE_BYTES];
            header(response, RESPONSE, ticket);
            System.arraycopy(data, offset + HEADER_BYTES, response, HEADER_BYTES, NONCE_BYTES);
            key.sign(response, 0, HEADER_BYTES + NONCE_BYTES);
            return response;
        }
    }

    /** A CHALLENGE for {@code ticket} carrying {@code nonce}. */
    public static byte[] challenge(long ticket, long nonce) {
        byte[] challenge = new byte[CHALLENGE_BYTES];
        header(challenge, CHALLENGE, ticket);
        putLong(challenge, HEADER_BYTES, nonce);
        return challenge;
    }

    /** A FRAME as a side sends it and the relay forwards it: header, a session packet, a tag. */
    public static boolean isFrame(byte[] data, int offset, int length) {
        return length >= MIN_FRAME
                && length <= MAX_FRAME
                && isHeader(data, offset)
                && (type(data, offset) == FROM_CAMERA || type(data, offset) == FROM_VIEWER)
                && data[offset + HEADER_BYTES] == SESSION_MAGIC;
    }

    public static boolean isChallenge(byte[] data, int offset, int length) {
        return length >= CHALLENGE_BYTES && isHeader(data, offset) && type(data, offset) == CHALLENGE;
    }

    public static boolean isResponse(byte[] data, int offset, int length) {
        return length == RESPONSE_BYTES && isHeader(data, offset) && type(data, offset) == RESPONSE;
    }

    /** Anything of the relay's (types 0x30–0x3f), well-formed or not: never a cloud message. */
    public static boolean isRelayType(byte[] data, int offset, int length) {
        return length >= HEADER_BYTES && isHeader(data, offset) && (type(data, offset) & 0xf0) == 0x30;
    }

    /** The length of the session packet a frame of {@code frameLength} bytes carries at {@link #HEADER_BYTES}. */
    public static int sessionPacketLength(int frameLength) {
        return frameLength - HEADER_BYTES - TAG_BYTES;
    }

    /** The session packet's counter (§10.2), which the relay's replay window follows per direction. */
    public static long sessionCounter(byte[] data, int offset) {
        return getLong(data, offset + HEADER_BYTES + SESSION_COUNTER_OFFSET);
    }

    public static int type(byte[] data, int offset) {
        return data[offset + 3] & 0xff;
    }

    public static long ticket(byte[] data, int offset) {
        return getLong(data, offset + 4);
    }

    /** A CHALLENGE's or RESPONSE's nonce. */
    public static long nonce(byte[] data, int offset) {
        return getLong(data, offset + HEADER_BYTES);
    }

    private static boolean isHeader(byte[] data, int offset) {
        return data[offset] == 0x50 && data[offset + 1] == 0x43 && data[offset + 2] == CloudCodec.VERSION;
    }

    private static void header(byte[] datagram, int type, long ticket) {
        datagram[0] = 0x50;
        datagram[1] = 0x43;
        datagram[2] = CloudCodec.VERSION;
        datagram[3] = (byte) type;
        putLong(datagram, 4, ticket);
    }

    private static void putLong(byte[] data, int offset, long value) {
        for (int i = 0; i < 8; i++) {
            data[offset + i] = (byte) (value >>> (56 - 8 * i));
        }
    }

    private static long getLong(byte[] data, int offset) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = value << 8 | data[offset + i] & 0xff;
        }
        return value;
    }
}
