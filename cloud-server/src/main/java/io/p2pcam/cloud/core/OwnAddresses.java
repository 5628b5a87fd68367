package io.p2pcam.cloud.core;

import java.net.InetSocketAddress;

/**
 * The cloud's own addresses, as the I/O edge knows them (its bound sockets, and every local
 * interface and loopback when bound to a wildcard). The relay never forwards to one and never takes
 * a frame from one: a frame "from" the cloud is spoofed, and a frame sent to the cloud comes back
 * to it, which would make the relay feed itself for ever (issue 13 §2).
 *
 * <p>Implementations must be cheap (called per relayed frame) and callable from the core's thread.
 */
@FunctionalInterface
public interface OwnAddresses {
    /** Whether a datagram sent to {@code address} would reach this cloud. */
    boolean contains(InetSocketAddress address);

    /** Knows no address of its own (tests of the core that do not model the cloud's address). */
    OwnAddresses NONE = address -> false;
}
