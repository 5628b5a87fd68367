package io.p2pcam.runtime;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * The cloud over TCP, for networks that block UDP (docs/PROTOCOL.md §3.1): each datagram as a u16
 * length then its bytes, on one non-blocking connection driven by the runner's selector. Datagrams
 * written before the connection is up wait in order. A frame longer than {@value #MAX_FRAME}
 * bytes breaks the link. Loop-thread only.
 */
final class CloudTcpLink implements AutoCloseable {
    private static final int MAX_FRAME = 2048;

    private final SocketChannel channel;
    private final SelectionKey key;
    private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
    private final ByteBuffer in = ByteBuffer.allocate(2 + MAX_FRAME);
    private boolean connected;
    private boolean broken;

    private CloudTcpLink(SocketChannel channel, SelectionKey key) {
        this.channel = channel;
        this.key = key;
    }

    static CloudTcpLink open(InetSocketAddress cloud, Selector selector) throws IOException {
        SocketChannel channel = SocketChannel.open();
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        boolean now = channel.connect(cloud);
        SelectionKey key = channel.register(selector, now ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT);
        CloudTcpLink link = new CloudTcpLink(channel, key);
        link.connected = now;
        key.attach(link);
        return link;
    }

    boolean isBroken() {
        return broken;
    }

    boolean isConnected() {
        return connected;
    }

    void send(byte[] datagram) {
        if (broken) {
            return;
        }
        ByteBuffer frame = ByteBuffer.allocate(2 + datagram.length);
        frame.putShort((short) datagram.length).put(datagram).flip();
        pending.add(frame);
        flush();
    }

    /** Handles readiness; every complete frame goes to {@code deliver}. */
    void onReady(Consumer<byte[]> deliver) {
        try {
            if (key.isValid() && key.isConnectable() && channel.finishConnect()) {
                connected = true;
            }
            if (connected && key.isValid() && key.isReadable()) {
                read(deliver);
            }
            flush();
        } catch (IOException e) {
            broken = true; // refused, reset: the runner goes back to UDP
        }
    }

    private void read(Consumer<byte[]> deliver) throws IOException {
        int read;
        while ((read = channel.read(in)) > 0) {
            in.flip();
            while (in.remaining() >= 2 && in.remaining() >= 2 + (in.getShort(in.position()) & 0xffff)) {
                byte[] datagram = new byte[in.getShort() & 0xffff];
                in.get(datagram);
                deliver.accept(datagram);
            }
            if (in.remaining() >= 2 && (in.getShort(in.position()) & 0xffff) > MAX_FRAME) {
                // Longer than any cloud message: it would never fit the buffer, and a full buffer
                // reads 0 bytes while the socket stays readable, a loop spinning for ever. The
                // cloud broke the framing: drop the link (the runner goes back to UDP).
                broken = true;
                return;
            }
            in.compact();
        }
        if (read < 0) {
            broken = true;
        }
    }

    private void flush() {
        if (!connected || broken) {
            return;
        }
        try {
            while (!pending.isEmpty()) {
                ByteBuffer head = pending.peek();
                channel.write(head);
                if (head.hasRemaining()) {
                    break;
                }
                pending.poll();
            }
            if (key.isValid()) {
                key.interestOps(SelectionKey.OP_READ | (pending.isEmpty() ? 0 : SelectionKey.OP_WRITE));
            }
        } catch (IOException e) {
            broken = true;
        }
    }

    @Override
    public void close() {
        key.cancel();
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
