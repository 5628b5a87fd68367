package io.p2pcam.protocol.session;

import java.net.InetSocketAddress;

/**
 * Where the peer's most recent authentic packets came from, by counter: what tells a copy from the
 * peer (RFC 9000 §9.3.3, "Off-Path Packet Forwarding", docs/PROTOCOL.md §10.3). The peer seals
 * each counter once and sends it to one address, so a counter that arrives authentic from two
 * addresses was copied and re-sent by someone who sees the peer's packets. The copy accepted first
 * is recorded here; the one that comes second is a replay the session would drop unread, and only
 * for a counter recorded here from another address does it open it, to learn who came second.
 *
 * <p>A slot per counter modulo {@link #SLOTS}: the peer's counters rise one by one, so the last
 * {@link #SLOTS} packets each keep their own slot, which covers a copy's head start at any packet
 * rate a session has. Not thread-safe: the session's thread uses it.
 */
final class PacketOrigins {
    /** Packets remembered: a copy's lead over the original is at most this many of the peer's packets. */
    static final int SLOTS = 64;

    /** Where a packet came from: an address as reached from one of our local sockets. */
    record Origin(InetSocketAddress address, int socket) {}

    private final long[] counters = new long[SLOTS];
    // Two parallel arrays, not an Origin per slot: accepted() runs for every authentic packet (the
    // viewer's side receives hundreds a second), and an Origin is made only for a copy found.
    private final InetSocketAddress[] addresses = new InetSocketAddress[SLOTS];
    private final int[] sockets = new int[SLOTS];

    /** An authentic packet numbered {@code counter} was accepted from {@code address} on {@code socket}. */
    void accepted(long counter, InetSocketAddress address, int socket) {
        int slot = slot(counter);
        counters[slot] = counter;
        addresses[slot] = address;
        sockets[slot] = socket;
    }

    /**
     * Where the packet numbered {@code counter} was accepted from, if that was not {@code address}
     * on {@code socket}; else null (not remembered, or a plain replay from the same place).
     */
    Origin acceptedElsewhere(long counter, InetSocketAddress address, int socket) {
        int slot = slot(counter);
        InetSocketAddress first = addresses[slot];
        if (first == null || counters[slot] != counter || first.equals(address) && sockets[slot] == socket) {
            return null;
        }
        return new Origin(first, sockets[slot]);
    }

    /** The copy of {@code counter} was dealt with: a third arrival of it is a plain replay. */
    void forget(long counter) {
        addresses[slot(counter)] = null;
    }

    private static int slot(long counter) {
        return (int) Long.remainderUnsigned(counter, SLOTS);
    }
}
