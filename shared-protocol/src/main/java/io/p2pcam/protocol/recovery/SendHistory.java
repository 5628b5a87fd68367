package io.p2pcam.protocol.recovery;

import io.p2pcam.protocol.media.OutgoingRtp;

/**
 * The last {@code capacity} RTP packets a sender sent, by sequence number, for answering NACKs
 * (RFC 4585 §6.2.1). A ring indexed by the sequence number: constant time, bounded memory, and a
 * packet older than the ring is simply gone (the receiver's wait for it will end and it will ask
 * for a keyframe instead). Not thread-safe.
 */
public final class SendHistory {
    private final OutgoingRtp[] packets;
    private long stored;

    /** @param capacity a power of two, at most 32768 (half the sequence space) */
    public SendHistory(int capacity) {
        if (capacity < 1 || capacity > 32768 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two up to 32768: " + capacity);
        }
        packets = new OutgoingRtp[capacity];
    }

    /** Remembers a packet sent, under its sequence number. */
    public void add(OutgoingRtp rtp) {
        packets[rtp.sequenceNumber() & packets.length - 1] = rtp;
        stored++;
    }

    /** The packet with this sequence number, or null when it was never sent or has been overwritten. */
    public OutgoingRtp find(int sequence) {
        OutgoingRtp rtp = packets[sequence & packets.length - 1];
        return rtp != null && rtp.sequenceNumber() == sequence ? rtp : null;
    }

    public long stored() {
        return stored;
    }
}
