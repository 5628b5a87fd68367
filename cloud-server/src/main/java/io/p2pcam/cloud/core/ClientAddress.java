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
 * <p>The core makes one per UDP datagram it may answer or keep (the edge hands it the bare sender)
 * and passes that one along, into the {@link Transmit} of its answer too; a relay frame makes none:
 * it is compared with its relay side's, which the side keeps, and only an address the relay
 * challenges is made into one. The TCP edge keeps one per connection. Immutable.
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
