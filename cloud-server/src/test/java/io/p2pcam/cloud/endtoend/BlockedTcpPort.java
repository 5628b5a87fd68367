package io.p2pcam.cloud.endtoend;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP port whose connects never complete, as behind a firewall that drops TCP to the cloud: a
 * listener with a backlog of 1 that never accepts, its queue filled by connections of its own, so
 * that the kernel drops every further SYN (the client's connect hangs until its SYN retries run
 * out, minutes later).
 */
final class BlockedTcpPort implements AutoCloseable {
    private static final int QUEUE_FILLERS = 4;

    private final ServerSocketChannel listener;
    private final List<SocketChannel> fillers = new ArrayList<>();

    BlockedTcpPort(InetSocketAddress address) throws IOException {
        listener = ServerSocketChannel.open();
        listener.bind(address, 1);
        for (int i = 0; i < QUEUE_FILLERS; i++) {
            SocketChannel filler = SocketChannel.open();
            filler.configureBlocking(false);
            filler.connect(address); // the first complete into the queue; the rest hang like any client's
            fillers.add(filler);
        }
    }

    @Override
    public void close() throws IOException {
        for (SocketChannel filler : fillers) {
            filler.close();
        }
        listener.close();
    }
}
