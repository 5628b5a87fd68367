package io.p2pcam.protocol.cloud;

import java.net.InetSocketAddress;

/**
 * A session packet carried through the cloud's relay (docs/PROTOCOL.md §7): the cloud's 12-byte
 * header, whose transaction field carries the 64-bit relay ticket of the session, then the session
 * packet unchanged. The type says which side sent it, so the relay knows where it goes:
 *
 * <pre>
 *  0      2     3      4                      12
 * +------+-----+------+----------------------+---------------------------------+
 * | 5043 | 01  | 30/31| relay ticket (u64)   | session packet (0x53 ..., ≤ 1200) |
 * +------+-----+------+----------------------+---------------------------------+
 * </pre>
 *
 * The relay forwards the whole frame as it is; only the session's end-to-end keys open what it
 * carries. Frames are not {@link CloudMessage}s: the codec never sees them.
 */
public final class RelayFrame {
    /** Sent by the camera, forwarded to the viewer. */
    public static final int FROM_CAMERA = 0x30;
    /** Sent by the viewer, forwarded to the camera. */
    public static final int FROM_VIEWER = 0x31;

    public static final int HEADER_BYTES = CloudCodec.HEADER_BYTES;
    /** A session packet of at most 1200 bytes plus the header. */
    public static final int MAX_FRAME = HEADER_BYTES + 1200;

    private static final int SESSION_MAGIC = 0x53;

    private RelayFrame() {}

    /**
     * Where one session's relayed packets go and how they are framed.
     *
     * @param relay the relay's address (the cloud's)
     * @param ticket the session's relay ticket from CONNECT_FORWARD / CONNECT_RESULT
     * @param type {@link #FROM_CAMERA} or {@link #FROM_VIEWER}: this side's frame type
     */
    public record Route(InetSocketAddress relay, long ticket, int type) {
        public byte[] wrap(byte[] sessionPacket) {
            return RelayFrame.wrap(type, ticket, sessionPacket);
        }
    }

    public static byte[] wrap(int type, long ticket, byte[] sessionPacket) {
        byte[] frame = new byte[HEADER_BYTES + sessionPacket.length];
        frame[0] = 0x50;
        frame[1] = 0x43;
        frame[2] = CloudCodec.VERSION;
        frame[3] = (byte) type;
        for (int i = 0; i < 8; i++) {
            frame[4 + i] = (byte) (ticket >>> (56 - 8 * i));
        }
        System.arraycopy(sessionPacket, 0, frame, HEADER_BYTES, sessionPacket.length);
        return frame;
    }

    /** A well-formed relay frame: cloud header with a relay type, carrying something that looks like a session packet. */
    public static boolean isRelayFrame(byte[] data, int offset, int length) {
        return length > HEADER_BYTES
                && length <= MAX_FRAME
                && data[offset] == 0x50
                && data[offset + 1] == 0x43
                && data[offset + 2] == CloudCodec.VERSION
                && isRelayType(data[offset + 3] & 0xff)
                && data[offset + HEADER_BYTES] == SESSION_MAGIC;
    }

    public static boolean isRelayType(int type) {
        return type == FROM_CAMERA || type == FROM_VIEWER;
    }

    public static int type(byte[] data, int offset) {
        return data[offset + 3] & 0xff;
    }

    public static long ticket(byte[] data, int offset) {
        long ticket = 0;
        for (int i = 0; i < 8; i++) {
            ticket = ticket << 8 | data[offset + 4 + i] & 0xff;
        }
        return ticket;
    }
}
