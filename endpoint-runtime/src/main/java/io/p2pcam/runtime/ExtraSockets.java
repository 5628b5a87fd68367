package io.p2pcam.runtime;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;

/**
 * The extra UDP sockets an endpoint asks for by number ({@code Outgoing.socket() ≥ 1}, birthday
 * probing opens many ports on its NAT this way), opened on first use on any free port of the main
 * socket's address and registered with the runner's selector, the socket number attached. At most
 * {@value #MAX_EXTRA_SOCKETS}. Loop-thread only.
 */
final class ExtraSockets implements AutoCloseable {
    /** Birthday probing opens 256 ports; a little room above that, and no more. */
    static final int MAX_EXTRA_SOCKETS = 300;

    private final DatagramChannel main;
    private final Selector selector;
    /** Index k-1 is socket k. */
    private final List<DatagramChannel> sockets = new ArrayList<>();

    ExtraSockets(DatagramChannel main, Selector selector) {
        this.main = main;
        this.selector = selector;
    }

    /**
     * Extra socket {@code socket} (≥ 1), opened (with every lower-numbered one) on first use; null
     * beyond the limit.
     *
     * @throws IOException when a socket cannot be opened (the caller counts it as a failed send)
     */
    DatagramChannel get(int socket) throws IOException {
        if (socket > MAX_EXTRA_SOCKETS) {
            return null;
        }
        while (sockets.size() < socket) {
            DatagramChannel extra = DatagramChannel.open();
            extra.bind(new InetSocketAddress(main.socket().getLocalAddress(), 0));
            extra.configureBlocking(false);
            extra.register(selector, SelectionKey.OP_READ, sockets.size() + 1);
            sockets.add(extra);
        }
        return sockets.get(socket - 1);
    }

    /** An extra socket already open (the selector reported it readable). */
    DatagramChannel opened(int socket) {
        return sockets.get(socket - 1);
    }

    @Override
    public void close() throws IOException {
        for (DatagramChannel extra : sockets) {
            extra.close();
        }
    }
}
