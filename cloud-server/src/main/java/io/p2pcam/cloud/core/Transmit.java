package io.p2pcam.cloud.core;

import java.net.InetSocketAddress;

/** A datagram the core wants sent. The core never touches {@code data} again. */
public record Transmit(InetSocketAddress to, byte[] data) {}
