package io.p2pcam.protocol.testing;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Socket addresses from literals, without a name lookup (a test must never wait for DNS). */
public final class Addresses {
    private Addresses() {}

    /** {@code ip} must be an IPv4 or IPv6 literal ("198.51.100.7", "2001:db8::1"). */
    public static InetSocketAddress address(String ip, int port) {
        return new InetSocketAddress(InetAddress.ofLiteral(ip), port);
    }

    /** A loopback address on {@code port}. */
    public static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }
}
