package io.p2pcam.loadgen;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A set of UDP sockets, each connected to the cloud, read by one receive thread. Against a
 * loopback cloud each socket gets its own source address ({@code 127.<net>.x.y}), because the
 * cloud's rate limits are per source address; otherwise they share the wildcard address.
 *
 * <p>A receive thread waits on a {@link Selector} for any of its sockets and then drains each
 * ready socket until it is empty, so that under load one wake-up reads many datagrams. The sockets
 * may be split into ranges with a thread each ({@link #startReceiving(Receiver, int, int, String)}):
 * a datagram for a socket of one range never waits behind another range's. (A
 * blocking thread per socket, as before, woke for nearly every datagram: at 50,000 keepalive
 * acks a second that was ~50,000 context switches a second on the generator's core, and the
 * generator's core was then full; docs/BENCHMARKS.md, issue 13 §5.) Sends stay blocking calls
 * on the caller's thread; a socket whose send buffer is full drops the datagram and counts it as
 * a send failure, as a real camera's socket would.
 *
 * <p>Thread-safe: any thread may {@link #send}; received datagrams are handed to the receiver on
 * the receive thread, in a buffer valid only during the call.
 */
final class CloudSockets implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CloudSockets.class);
    private static final int BUFFER_BYTES = 4 << 20;

    /** Handles one datagram from the cloud; {@code data} is only valid during the call. */
    interface Receiver {
        void received(int socket, byte[] data, int length);
    }

    private final List<DatagramChannel> channels = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<Selector> selectors = new ArrayList<>();
    private final String name;
    private final LongAdder sendFailures;
    private final LongAdder unreachable;

    private CloudSockets(String name, LongAdder sendFailures, LongAdder unreachable) {
        this.name = name;
        this.sendFailures = sendFailures;
        this.unreachable = unreachable;
    }

    /**
     * Opens {@code count} sockets, socket {@code k} to {@code nodes[k % nodes]} (one node, or a
     * cluster's nodes in turn); on a loopback cloud socket {@code k} binds to {@code
     * 127.<net>.(k / 250).(k % 250 + 1)}.
     */
    static CloudSockets open(String name, List<InetSocketAddress> nodes, int count, int net, LoadCounters counters)
            throws IOException {
        CloudSockets sockets = new CloudSockets(name, counters.sendFailures, counters.unreachable);
        try {
            for (int k = 0; k < count; k++) {
                DatagramChannel channel = DatagramChannel.open();
                sockets.channels.add(channel);
                channel.setOption(StandardSocketOptions.SO_RCVBUF, BUFFER_BYTES);
                channel.setOption(StandardSocketOptions.SO_SNDBUF, BUFFER_BYTES);
                InetSocketAddress node = nodes.get(k % nodes.size());
                channel.bind(new InetSocketAddress(sourceAddress(node.getAddress(), net, k), 0));
                channel.connect(node);
                channel.configureBlocking(false);
            }
        } catch (IOException e) {
            sockets.close();
            throw e;
        }
        return sockets;
    }

    static InetAddress sourceAddress(InetAddress cloud, int net, int socket) throws IOException {
        if (!cloud.isLoopbackAddress() || !(cloud instanceof Inet4Address)) {
            return null; // the wildcard
        }
        return InetAddress.getByAddress(new byte[] {127, (byte) net, (byte) (socket / 250), (byte) (socket % 250 + 1)});
    }

    int count() {
        return channels.size();
    }

    InetSocketAddress localAddress(int socket) {
        try {
            return (InetSocketAddress) channels.get(socket).getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("socket " + socket + " has no local address", e);
        }
    }

    /** Starts one receive thread for every socket. */
    void startReceiving(Receiver receiver) {
        startReceiving(receiver, 0, channels.size(), "rx");
    }

    /**
     * Starts a receive thread of its own for sockets {@code from} (inclusive) to {@code to}
     * (exclusive); {@code receiver} is told each datagram's socket index in this set.
     */
    void startReceiving(Receiver receiver, int from, int to, String threadName) {
        if (from < 0 || to > channels.size() || from >= to) {
            throw new IllegalArgumentException("no sockets " + from + ".." + to + " of " + channels.size());
        }
        Selector selector;
        try {
            selector = Selector.open();
            selectors.add(selector);
            for (int k = from; k < to; k++) {
                channels.get(k).register(selector, SelectionKey.OP_READ, k);
            }
        } catch (IOException e) {
            throw new IllegalStateException(name + " sockets cannot be watched: " + e, e);
        }
        threads.add(
                Thread.ofPlatform().daemon().name(name + "-" + threadName).start(() -> receive(selector, receiver)));
    }

    private void receive(Selector watching, Receiver receiver) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(2048);
        byte[] data = new byte[2048];
        while (watching.isOpen()) {
            try {
                watching.select(key ->
                        drain((Integer) key.attachment(), (DatagramChannel) key.channel(), buffer, data, receiver));
            } catch (IOException e) {
                log.warn("{} sockets: select failed: {}", name, e.toString());
            } catch (ClosedSelectorException e) {
                return;
            }
        }
    }

    /** Reads {@code channel} until it has no datagram waiting. */
    private void drain(int socket, DatagramChannel channel, ByteBuffer buffer, byte[] data, Receiver receiver) {
        while (channel.isOpen()) {
            try {
                buffer.clear();
                if (channel.read(buffer) <= 0) {
                    return;
                }
                int length = buffer.position();
                buffer.flip().get(data, 0, length);
                receiver.received(socket, data, length);
            } catch (PortUnreachableException e) {
                unreachable.increment();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                log.warn("{} socket {} receive failed: {}", name, socket, e.toString());
                return;
            } catch (RuntimeException e) {
                log.error("{} socket {}: bug handling a datagram", name, socket, e);
            }
        }
    }

    void send(int socket, ByteBuffer datagram) {
        try {
            if (channels.get(socket).write(datagram) == 0 && datagram.hasRemaining()) {
                sendFailures.increment(); // the socket's send buffer is full
            }
        } catch (PortUnreachableException e) {
            unreachable.increment();
        } catch (IOException e) {
            sendFailures.increment();
        }
    }

    void send(int socket, byte[] datagram) {
        send(socket, ByteBuffer.wrap(datagram));
    }

    @Override
    public void close() {
        for (Selector selector : selectors) {
            try {
                selector.close();
            } catch (IOException e) {
                log.debug("closing {} selector: {}", name, e.toString());
            }
        }
        for (DatagramChannel channel : channels) {
            try {
                channel.close();
            } catch (IOException e) {
                log.debug("closing {} socket: {}", name, e.toString());
            }
        }
        for (Thread thread : threads) {
            try {
                thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
