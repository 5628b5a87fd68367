package io.p2pcam.runtime;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * A simulated bad network between the runner's socket and its endpoint, both directions
 * ({@link Impairment}, loss-recovery tests and benchmarks only; the runner has none on every real
 * path). Received datagrams wait in {@link #received}/{@link #arrived}, sent ones in
 * {@link #sent}/{@link #leaving}, each direction with its own seed. Loop-thread only, except
 * {@link #dropped()}.
 */
final class ImpairedNetwork {
    private final ImpairedLink inbound;
    private final ImpairedLink outbound;

    ImpairedNetwork(Impairment impairment, long now) {
        this.inbound = new ImpairedLink(impairment, impairment.seed(), now);
        this.outbound = new ImpairedLink(impairment, impairment.seed() * 31 + 7, now);
    }

    /** When the next datagram in either direction is due. */
    long nextDue() {
        return Math.min(inbound.nextDue(), outbound.nextDue());
    }

    /** Datagrams dropped in and out. */
    long dropped() {
        return inbound.dropped() + outbound.dropped();
    }

    /** A datagram the socket received: the endpoint gets it when {@link #arrived} says so. */
    void received(InetSocketAddress from, byte[] data, long now) {
        inbound.submit(from, data, now);
    }

    /** A datagram the endpoint sent: the socket sends it when {@link #leaving} says so. */
    void sent(InetSocketAddress to, byte[] data, long now) {
        outbound.submit(to, data, now);
    }

    List<ImpairedLink.InFlight> arrived(long now) {
        return inbound.poll(now);
    }

    List<ImpairedLink.InFlight> leaving(long now) {
        return outbound.poll(now);
    }
}
