package io.p2pcam.cloud.server;

import io.p2pcam.protocol.endpoint.DatagramEndpoint;
import io.p2pcam.protocol.endpoint.Outgoing;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An endpoint behind a firewall that lets through only datagrams to and from the cloud's nodes:
 * on real loopback sockets, two of these cannot reach each other directly, as two peers behind
 * symmetric NATs cannot (only the relay gets them together). Not thread-safe: the endpoint's
 * runner thread drives it, as it drives the endpoint.
 */
final class OnlyTheCloud<E extends DatagramEndpoint> implements DatagramEndpoint {
    final E endpoint;
    private final Set<InetSocketAddress> nodes;
    /** Datagrams the firewall stopped, either way (read from any thread). */
    final AtomicLong stopped = new AtomicLong();

    OnlyTheCloud(E endpoint, Set<InetSocketAddress> nodes) {
        this.endpoint = endpoint;
        this.nodes = Set.copyOf(nodes);
    }

    @Override
    public void handleDatagram(byte[] data, int offset, int length, InetSocketAddress from, long now) {
        handleDatagram(data, offset, length, from, 0, now);
    }

    @Override
    public void handleDatagram(byte[] data, int offset, int length, InetSocketAddress from, int socket, long now) {
        if (nodes.contains(from)) {
            endpoint.handleDatagram(data, offset, length, from, socket, now);
        } else {
            stopped.incrementAndGet();
        }
    }

    @Override
    public Outgoing pollTransmit() {
        Outgoing next;
        while ((next = endpoint.pollTransmit()) != null) {
            if (nodes.contains(next.to())) {
                return next;
            }
            stopped.incrementAndGet();
        }
        return null;
    }

    @Override
    public long nextTimeout() {
        return endpoint.nextTimeout();
    }

    @Override
    public void handleTimeout(long now) {
        endpoint.handleTimeout(now);
    }
}
