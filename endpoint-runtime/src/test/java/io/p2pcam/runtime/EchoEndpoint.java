package io.p2pcam.runtime;

import io.p2pcam.protocol.endpoint.DatagramEndpoint;
import io.p2pcam.protocol.endpoint.Outgoing;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * A test endpoint: echoes every datagram to its sender, and throws (as a buggy or attacked
 * endpoint might) on a datagram whose first byte is {@link #POISON}. Loop thread only.
 */
final class EchoEndpoint implements DatagramEndpoint {
    static final byte POISON = 0x66;
    private final ArrayDeque<Outgoing> outgoing = new ArrayDeque<>();
    long nextTimeout = Long.MAX_VALUE;
    boolean timeoutThrows;

    /** Queues a datagram before the runner starts (e.g. to an address the socket cannot reach). */
    void queue(InetSocketAddress to, byte[] data) {
        outgoing.add(new Outgoing(to, data));
    }

    @Override
    public void handleDatagram(byte[] data, int offset, int length, InetSocketAddress from, long now) {
        if (length > 0 && data[offset] == POISON) {
            throw new IllegalArgumentException("poisoned datagram");
        }
        outgoing.add(new Outgoing(from, Arrays.copyOfRange(data, offset, offset + length)));
    }

    @Override
    public Outgoing pollTransmit() {
        return outgoing.poll();
    }

    @Override
    public long nextTimeout() {
        return nextTimeout;
    }

    @Override
    public void handleTimeout(long now) {
        if (timeoutThrows) {
            throw new IllegalStateException("broken timer");
        }
        nextTimeout = Long.MAX_VALUE;
    }
}
