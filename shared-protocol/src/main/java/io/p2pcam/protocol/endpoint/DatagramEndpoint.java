package io.p2pcam.protocol.endpoint;

import io.p2pcam.protocol.cloud.CloudPathMove;
import java.net.InetSocketAddress;

/**
 * The shape every sans-I/O role has (quiche's API): feed it datagrams and timeouts with the
 * time, take what it wants sent. An I/O runtime drives one endpoint from one thread.
 */
public interface DatagramEndpoint {
    void handleDatagram(byte[] data, int offset, int length, InetSocketAddress from, long now);

    /** A datagram that arrived on extra socket {@code socket} (see {@link Outgoing#socket()}); 0 is the own socket. */
    default void handleDatagram(byte[] data, int offset, int length, InetSocketAddress from, int socket, long now) {
        handleDatagram(data, offset, length, from, now);
    }

    /** The next datagram to send, or null. */
    Outgoing pollTransmit();

    /** When {@link #handleTimeout} wants to run next (monotonic millis), or {@link Long#MAX_VALUE}. */
    long nextTimeout();

    void handleTimeout(long now);

    /**
     * The runtime reaches cloud node {@code cloud} over another transport from now on (UDP ↔ TCP,
     * docs/PROTOCOL.md §3.1), hence from another source address: whatever the cloud bound to the
     * old one (a registration cookie, the registration) is void, and answers may still arrive on
     * the old path. An endpoint queues what it wants the new path to carry at once. {@code move}
     * says why, and {@link CloudPathMove#toTcp()} whether the new transport is TCP.
     */
    default void cloudPathChanged(InetSocketAddress cloud, CloudPathMove move, long now) {}
}
