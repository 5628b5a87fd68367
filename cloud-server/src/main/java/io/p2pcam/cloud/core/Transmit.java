package io.p2pcam.cloud.core;

import java.net.InetSocketAddress;

/**
 * A datagram the core wants sent, and the transport it must travel (docs/PROTOCOL.md §3.1): an
 * answer goes back over the lane its request came on, and a datagram to a party the core knows (a
 * registered camera, a relay side) over the lane on which that party proved its address. The edge
 * never picks another: a datagram for the TCP lane whose connection is gone is dropped, not sent
 * over UDP to an address only TCP proved (decision 0068). The core never touches {@code data} again.
 */
public record Transmit(InetSocketAddress to, byte[] data, Lane lane) {}
