package io.p2pcam.protocol.recovery;

/**
 * The last {@code capacity} RTP packets a sender sent, by sequence number, for answering NACKs
 * (RFC 4585 §6.2.1). A ring indexed by the sequence number: constant time, bounded memory, and a
 * packet older than the ring is simply gone (the receiver's wait for it will end and it will ask
 * for a keyframe instead). Not thread-safe.
 */
public final class SendHistory {
    private final byte[][] packets;
    private final int[] sequences;
    private long stored;

    /** @param capacity a power of two, at most 32768 (half the sequence space) */
    public SendHistory(int capacity) {
        if (capacity < 1 || capacity > 32768 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two up to 32768: " + capacity);
        }
        packets = new byte[capacity][];
        sequences = new int[capacity];
    }

    /** Remembers an encoded RTP packet (its sequence number is read from bytes 2–3). */
    public void add(byte[] rtp) {
        int sequence = sequenceOf(rtp);
        int slot = sequence & packets.length - 1;
        packets[slot] = rtp;
        sequences[slot] = sequence;
        stored++;
    }

    /** The packet with this sequence number, or null when it was never sent or has been overwritten. */
    public byte[] find(int sequence) {
        int slot = sequence & packets.length - 1;
        return packets[slot] != null && sequences[slot] == sequence ? packets[slot] : null;
    }

    public long stored() {
        return stored;
    }

    public static int sequenceOf(byte[] rtp) {
        return (rtp[2] & 0xff) << 8 | rtp[3] & 0xff;
    }
}
