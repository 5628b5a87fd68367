package io.p2pcam.protocol.endpoint;

import java.net.InetSocketAddress;

/** A datagram an endpoint wants sent; the endpoint never touches {@code data} again. */
public record Outgoing(InetSocketAddress to, byte[] data) {
}
