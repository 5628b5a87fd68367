package io.p2pcam.cloud.server;

import io.p2pcam.protocol.hash.AddressKey;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The addresses of TCP clients whose connection closed lately (docs/PROTOCOL.md §3.1, decision
 * 0061 §2). The core knows a TCP client by its connection's remote address and may still send to
 * it after the connection is gone: CONNECT_FORWARDs until the camera's registration expires, relay
 * frames while its side consents. Those went over UDP before, to an address only TCP had proven
 * (a TCP client's port, which over UDP may be nobody's or another client's behind the same NAT).
 * A client that lost its connection opens a new one, from a new port, and registers or connects
 * again there, so what is sent to the old address is dropped, as UDP would lose it, for as long as
 * the core may still send there ({@code rememberMillis}). A new connection from the address
 * forgets it at once; a UDP datagram from it does not (anybody can send one in its name).
 *
 * <p>At most {@code capacity} addresses are remembered, the oldest forgotten first. Thread-safety:
 * {@link #closed}, {@link #reopened} and {@link #sweep} on the TCP front door's event loop alone;
 * {@link #contains} from any event loop.
 */
final class ClosedTcpAddresses {
    private record Closed(AddressKey key, long at) {}

    private final long rememberMillis;
    private final int capacity;
    private final Map<AddressKey, Long> closedAt = new ConcurrentHashMap<>();
    /** Oldest first; may hold addresses reopened since, which {@link #forgetOldest} skips. */
    private final ArrayDeque<Closed> order = new ArrayDeque<>();

    ClosedTcpAddresses(long rememberMillis, int capacity) {
        if (rememberMillis < 1 || capacity < 1) {
            throw new IllegalArgumentException("closed TCP addresses: a positive time and capacity");
        }
        this.rememberMillis = rememberMillis;
        this.capacity = capacity;
    }

    /** The connection of {@code address} closed at {@code now}. */
    void closed(InetSocketAddress address, long now) {
        AddressKey key = AddressKey.of(address);
        closedAt.put(key, now);
        order.addLast(new Closed(key, now));
        while (order.size() > capacity) {
            forgetOldest();
        }
    }

    /** A new connection came from {@code address}: datagrams for it go there. */
    void reopened(InetSocketAddress address) {
        closedAt.remove(AddressKey.of(address));
    }

    /** Whether {@code address} was a TCP client's whose connection closed: nothing may go there over UDP. */
    boolean contains(InetSocketAddress address) {
        return !closedAt.isEmpty() && closedAt.containsKey(AddressKey.of(address));
    }

    /** Forgets the addresses closed more than the remembered time before {@code now}. */
    void sweep(long now) {
        while (!order.isEmpty() && now - order.peekFirst().at() > rememberMillis) {
            forgetOldest();
        }
    }

    int size() {
        return closedAt.size();
    }

    private void forgetOldest() {
        Closed oldest = order.removeFirst();
        closedAt.remove(oldest.key(), oldest.at()); // unless it closed again since
    }
}
