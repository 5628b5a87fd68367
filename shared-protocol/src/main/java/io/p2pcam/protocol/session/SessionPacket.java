package io.p2pcam.protocol.session;

import io.p2pcam.protocol.noise.CipherState;
import io.p2pcam.protocol.noise.NoiseException;
import java.util.Arrays;

/**
 * The sealed envelope every packet between camera and viewer travels in, punch probes included
 * (docs/PROTOCOL.md §10.2). The header is authenticated as associated data; the counter is the
 * ChaCha20-Poly1305 nonce, explicit because UDP loses and reorders packets.
 *
 * <pre>
 *  0       1       2               6                              14
 *  +-------+-------+---------------+------------------------------+-----------------------+
 *  | 'S'   |P|type=1| receiver ID  | counter (64 bits, big-endian)| AEAD(kind || body) +16|
 *  +-------+-------+---------------+------------------------------+-----------------------+
 * </pre>
 *
 * P, the top bit of the second byte, is the key phase ({@link SessionKeys}): 0x01 or 0x81.
 *
 * The first byte tells session packets ('S') from cloud messages ('P') on a shared socket.
 */
public final class SessionPacket {
    public static final int MAGIC = 0x53;
    public static final int TYPE_TRANSPORT = 1;
    /** The key-phase bit in the second byte; the other seven bits are the type. */
    public static final int KEY_PHASE_BIT = 0x80;

    public static final int HEADER_BYTES = 14;
    public static final int OVERHEAD = HEADER_BYTES + CipherState.TAG_LENGTH + 1;
    /** Datagrams stay at or under this size on every path. */
    public static final int MAX_DATAGRAM = 1200;

    public static final int MAX_BODY = MAX_DATAGRAM - OVERHEAD;

    /** What a packet carries, the first byte of its plaintext. */
    public enum Kind {
        /**
         * A code this version does not know (a newer peer's kind, or an empty plaintext): the packet
         * is authentic and counts as traffic, its body is ignored. Never sent.
         */
        UNKNOWN(-1),
        PROBE(1),
        PROBE_ACK(2),
        KEEPALIVE(3),
        MEDIA(4),
        KEYFRAME_REQUEST(5),
        BYE(6),
        /** RTCP compound (RFC 3550 §6, RFC 4585, RFC 3611) for the media in MEDIA packets: §10.6. */
        MEDIA_FEEDBACK(7),
        /** An RTP packet sent again because the viewer NACKed it: §10.6. */
        MEDIA_RETRANSMISSION(8),
        /** The viewer picks the camera's main or sub-stream ({@link SelectStream}): §10.9. */
        SELECT_STREAM(9);

        final int code;

        Kind(int code) {
            this.code = code;
        }

        /** The kind byte on the wire (docs/PROTOCOL.md §10.2); -1 for {@link #UNKNOWN}. */
        public int code() {
            return code;
        }

        static Kind fromCode(int code) {
            for (Kind kind : values()) {
                if (kind.code == code) {
                    return kind;
                }
            }
            return UNKNOWN;
        }
    }

    /** An opened packet: its kind and body. */
    public record Opened(Kind kind, byte[] body, long counter) {}

    private SessionPacket() {}

    /** Whether a datagram looks like a session packet (cheap, unauthenticated: for demultiplexing only). */
    public static boolean isSessionPacket(byte[] data, int offset, int length) {
        return length >= OVERHEAD && data[offset] == MAGIC && (data[offset + 1] & 0x7f) == TYPE_TRANSPORT;
    }

    /** The sender's key phase, 0 or 1 (authenticated with the header once the packet opens). */
    public static int keyPhase(byte[] data, int offset) {
        return (data[offset + 1] & KEY_PHASE_BIT) == 0 ? 0 : 1;
    }

    /** The receiver's session ID, for finding the session a packet belongs to. */
    public static int receiverId(byte[] data, int offset) {
        return (data[offset + 2] & 0xff) << 24
                | (data[offset + 3] & 0xff) << 16
                | (data[offset + 4] & 0xff) << 8
                | data[offset + 5] & 0xff;
    }

    public static byte[] seal(CipherState sending, int receiverId, long counter, Kind kind, byte[] body) {
        return seal(sending, receiverId, counter, 0, kind, body);
    }

    /** Seals a packet under the keys of key phase {@code keyPhase} (0 or 1). */
    public static byte[] seal(CipherState sending, int receiverId, long counter, int keyPhase, Kind kind, byte[] body) {
        if (kind == Kind.UNKNOWN) {
            throw new IllegalArgumentException("UNKNOWN is what a receiver reads, never sent");
        }
        if (body.length > MAX_BODY) {
            throw new IllegalArgumentException("session body of " + body.length + " bytes exceeds " + MAX_BODY);
        }
        byte[] header = new byte[HEADER_BYTES];
        header[0] = (byte) MAGIC;
        header[1] = (byte) (TYPE_TRANSPORT | (keyPhase == 0 ? 0 : KEY_PHASE_BIT));
        for (int i = 0; i < 4; i++) {
            header[2 + i] = (byte) (receiverId >>> (24 - 8 * i));
        }
        for (int i = 0; i < 8; i++) {
            header[6 + i] = (byte) (counter >>> (56 - 8 * i));
        }
        byte[] plaintext = new byte[1 + body.length];
        plaintext[0] = (byte) kind.code;
        System.arraycopy(body, 0, plaintext, 1, body.length);
        byte[] ciphertext = sending.encryptWithNonce(counter, header, plaintext);
        byte[] packet = Arrays.copyOf(header, HEADER_BYTES + ciphertext.length);
        System.arraycopy(ciphertext, 0, packet, HEADER_BYTES, ciphertext.length);
        return packet;
    }

    public static long counter(byte[] data, int offset) {
        long counter = 0;
        for (int i = 0; i < 8; i++) {
            counter = counter << 8 | data[offset + 6 + i] & 0xff;
        }
        return counter;
    }

    /**
     * Authenticates and decrypts a packet.
     *
     * @throws NoiseException when it is forged, corrupted or sealed with other keys
     */
    public static Opened open(CipherState receiving, byte[] data, int offset, int length) throws NoiseException {
        byte[] header = Arrays.copyOfRange(data, offset, offset + HEADER_BYTES);
        byte[] ciphertext = Arrays.copyOfRange(data, offset + HEADER_BYTES, offset + length);
        long counter = counter(data, offset);
        byte[] plaintext = receiving.decryptWithNonce(counter, header, ciphertext);
        Kind kind = plaintext.length == 0 ? Kind.UNKNOWN : Kind.fromCode(plaintext[0] & 0xff);
        if (kind == Kind.UNKNOWN) {
            return new Opened(kind, new byte[0], counter); // authentic but from a newer peer: ignored
        }
        return new Opened(kind, Arrays.copyOfRange(plaintext, 1, plaintext.length), counter);
    }
}
