package io.p2pcam.cloud.core;

/**
 * How a message reached the cloud, which says whether its source address is proven
 * (docs/PROTOCOL.md §3.1, §6.1; decision 0057). A UDP datagram's source is whatever the sender
 * wrote, so anybody who knows a victim's address can send as the victim; a TCP connection's
 * remote address has completed a handshake, so only the holder of that address can send on it.
 *
 * <p>Each per-party budget a spoofer could empty in a victim's name (the request bucket, the
 * registration bucket, the pending-connect quota) is kept once per lane: UDP datagrams never
 * spend the TCP lane's, so a victim flooded in its name over UDP is still served over TCP, which
 * is where its client turns when UDP goes unanswered. This is how DNS Response Rate Limiting
 * sends clients to TCP (truncation) and keeps them served there.
 *
 * <p>A lane is also the transport of an address: one address and port over UDP and over TCP may
 * be two hosts behind one NAT. So every datagram the core sends names its lane ({@link
 * Transmit}): an answer its request's, a datagram to a camera or a relay side the lane on which it
 * proved its address (decision 0068).
 */
public enum Lane {
    /** A datagram: its source address may be forged. */
    UDP,
    /** A frame from a TCP connection: the handshake proved the remote address. */
    TCP
}
