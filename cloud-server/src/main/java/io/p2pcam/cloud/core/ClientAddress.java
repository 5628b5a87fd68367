package io.p2pcam.cloud.core;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Where a datagram came from or goes to: an address and port, and the transport it travels
 * (docs/PROTOCOL.md §3.1, decision 0068). One address and port over UDP and over TCP may be two
 * hosts behind one NAT (a NAT keeps a table per protocol), so the core never knows a client by its
 * address alone: every request's source, every registration, pending connect, answered connect and
 * relay side is one of these, and an answer goes back to the one its request came from.
 *
 * <p>The cloud's own UDP edge hands the core one per sender, reused while that sender keeps
 * sending (its sender cache); given a bare sender the core makes one per datagram it may answer or
 * keep. Either way the core passes that one along, into the {@link Transmit} of its answer too, and
 * a relay frame's source is compared with its relay side's, which the side keeps. The TCP edge
 * keeps one per connection. Immutable, compared by value: one object may stand for many datagrams.
 */
public record ClientAddress(InetSocketAddress address, Lane lane) {
    public ClientAddress {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(lane, "lane");
    }

    /** A datagram's source or destination (its source may be forged). */
    public static ClientAddress udp(InetSocketAddress address) {
        return new ClientAddress(address, Lane.UDP);
    }

    /** A TCP connection's remote end (the handshake proved it). */
    public static ClientAddress tcp(InetSocketAddress address) {
        return new ClientAddress(address, Lane.TCP);
    }

    @Override
    public String toString() {
        return lane.name().toLowerCase(java.util.Locale.ROOT) + ":" + address;
    }
}
