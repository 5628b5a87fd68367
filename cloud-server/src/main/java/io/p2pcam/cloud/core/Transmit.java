package io.p2pcam.cloud.core;

import java.net.InetSocketAddress;

/**
 * A datagram the core wants sent, and where: an address and the transport it must travel
 * (docs/PROTOCOL.md §3.1). An answer goes back to the {@link ClientAddress} its request came from,
 * and a datagram to a party the core knows (a registered camera, a relay side) to the one on which
 * that party proved its address. The edge never picks another lane: a datagram for the TCP lane
 * whose connection is gone is dropped, not sent over UDP to an address only TCP proved (decision
 * 0068). The core never touches {@code data} again.
 */
public record Transmit(ClientAddress destination, byte[] data) {
    /** The address and port to send to. */
    public InetSocketAddress to() {
        return destination.address();
    }

    /** The transport to send over. */
    public Lane lane() {
        return destination.lane();
    }
}
