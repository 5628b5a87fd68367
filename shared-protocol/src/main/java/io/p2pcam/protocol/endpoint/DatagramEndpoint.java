package io.p2pcam.protocol.endpoint;

import java.net.InetSocketAddress;

/**
 * The shape every sans-I/O role has (quiche's API): feed it datagrams and timeouts with the
 * time, take what it wants sent. An I/O runtime drives one endpoint from one thread.
 */
public interface DatagramEndpoint {
    void handleDatagram(byte[] data, int offset, int length, InetSocketAddress from, long now);

    /** The next datagram to send, or null. */
    Outgoing pollTransmit();

    /** When {@link #handleTimeout} wants to run next (monotonic millis), or {@link Long#MAX_VALUE}. */
    long nextTimeout();

    void handleTimeout(long now);
}
