package io.p2pcam.protocol.endpoint;

import java.net.InetSocketAddress;

/**
 * A datagram an endpoint wants sent; the endpoint never touches {@code data} again.
 *
 * @param socket which local socket sends it: 0 the endpoint's own, k ≥ 1 the k-th extra socket the
 *        runtime opens on demand (birthday probing opens many ports on its NAT this way)
 */
public record Outgoing(InetSocketAddress to, byte[] data, int socket) {
    public Outgoing(InetSocketAddress to, byte[] data) {
        this(to, data, 0);
    }
}
