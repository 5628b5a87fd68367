package io.p2pcam.cloud.server;

import java.net.InetSocketAddress;

/**
 * Where a {@link RendezvousHandler} sends its UDP datagrams: the port's socket, whichever edge
 * drives it (Netty's datagram channel, {@link NettyDatagramSender}, or the FFM socket, {@link
 * NativeUdpEdge}). Event loop only.
 */
interface DatagramSender {
    /** Queues {@code data} for {@code to}; it leaves at the latest at the next {@link #flush()}. The array is not kept. */
    void send(byte[] data, InetSocketAddress to);

    /** Sends what is queued (once per read batch, timeout or task). */
    void flush();

    /** The port has closed: frees what sending held. Later sends are dropped. */
    void release();
}
