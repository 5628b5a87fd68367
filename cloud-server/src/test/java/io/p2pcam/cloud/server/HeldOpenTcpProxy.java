package io.p2pcam.cloud.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on loopback in front of one server that keeps its side of a connection open after
 * the client closed, reading and dropping the server's answers (as HAProxy or a NAT between a node
 * and Redis may): every byte a client sent reaches the server and runs there, though the client is
 * gone. It tells a test when bytes have been handed to the kernel towards the server ({@link
 * #awaitForwarded}), so that the test knows they no longer depend on the client. It can also hold
 * back what the connections open now send ({@link #holdBack}) and deliver it late ({@link
 * #deliverHeld}), after what newer connections sent: the order a stopped server's backlog may run
 * in. Thread-safe; a thread per direction per connection.
 */
final class HeldOpenTcpProxy implements AutoCloseable {
    private final InetSocketAddress target;
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    /** Every byte written towards the server so far, all connections in turn. Guarded by itself. */
    private final ByteArrayOutputStream forwarded = new ByteArrayOutputStream();
    /** Every byte held back so far, all connections in turn. Guarded by {@link #forwarded}. */
    private final ByteArrayOutputStream heldBack = new ByteArrayOutputStream();
    /** The connections open now, towards the server. */
    private final List<Upstream> upstreams = new CopyOnWriteArrayList<>();

    /** Connection's way to the server: passes bytes on, or keeps them while held back. */
    private static final class Upstream {
        private final OutputStream out;
        /** What arrived while held back, not yet passed on. Guarded by this. */
        private final ByteArrayOutputStream held = new ByteArrayOutputStream();
        /** Guarded by this. */
        private boolean holding;

        Upstream(OutputStream out) {
            this.out = out;
        }

        /** Passes {@code n} bytes on (true), or keeps them if held back (false). */
        synchronized boolean write(byte[] buffer, int n) throws IOException {
            if (holding) {
                held.write(buffer, 0, n);
                return false;
            }
            out.write(buffer, 0, n);
            return true;
        }

        synchronized void hold() {
            holding = true;
        }

        /** Passes on what was kept, and from now on everything as it comes. */
        synchronized byte[] deliver() throws IOException {
            byte[] late = held.toByteArray();
            out.write(late);
            held.reset();
            holding = false;
            return late;
        }
    }

    HeldOpenTcpProxy(InetSocketAddress target) {
        this.target = target;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofPlatform().daemon().name("proxy-accept").start(this::accept);
    }

    URI redisUri() {
        return URI.create("redis://127.0.0.1:" + server.getLocalPort());
    }

    /**
     * Waits until {@code bytes} have been written towards the server {@code times} times (and so
     * everything a client sent before): in the kernel's buffers, or read by the server.
     *
     * @throws AssertionError if not within {@code timeout}
     */
    void awaitForwarded(byte[] bytes, int times, Duration timeout) throws InterruptedException {
        await(forwarded, bytes, times, timeout);
    }

    /**
     * Waits until {@code bytes} have been held back {@code times} times (and so everything a client
     * sent before on that connection): they reached the proxy and wait there.
     *
     * @throws AssertionError if not within {@code timeout}
     */
    void awaitHeldBack(byte[] bytes, int times, Duration timeout) throws InterruptedException {
        await(heldBack, bytes, times, timeout);
    }

    /**
     * From now on, what the connections open now send waits in the proxy until {@link
     * #deliverHeld}; connections opened later pass everything on at once.
     */
    void holdBack() {
        upstreams.forEach(Upstream::hold);
    }

    /** Passes on everything held back, late, and from then on what comes as it comes. */
    void deliverHeld() throws IOException {
        for (Upstream upstream : upstreams) {
            byte[] late = upstream.deliver();
            synchronized (forwarded) {
                forwarded.write(late, 0, late.length);
                forwarded.notifyAll();
            }
        }
    }

    private void await(ByteArrayOutputStream seen, byte[] bytes, int times, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (forwarded) {
            while (occurrences(seen.toByteArray(), bytes) < times) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + bytes.length
                            + " bytes (" + seen.size() + " so far)");
                }
                forwarded.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    private static int occurrences(byte[] haystack, byte[] needle) {
        int found = 0;
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                found++;
            }
        }
        return found;
    }

    private void accept() {
        try {
            while (true) {
                Socket client = server.accept();
                Socket upstream = new Socket(target.getAddress(), target.getPort());
                sockets.add(client);
                sockets.add(upstream);
                Thread.ofPlatform().daemon().name("proxy-to-server").start(() -> toServer(client, upstream));
                Thread.ofPlatform().daemon().name("proxy-to-client").start(() -> toClient(upstream, client));
            }
        } catch (IOException e) {
            // closed
        }
    }

    /** Passes on what the client sends; when it closes, the server's side stays open. */
    private void toServer(Socket client, Socket upstream) {
        byte[] buffer = new byte[16384];
        try {
            InputStream in = client.getInputStream();
            Upstream out = new Upstream(upstream.getOutputStream());
            upstreams.add(out);
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                boolean passedOn = out.write(buffer, n);
                synchronized (forwarded) {
                    (passedOn ? forwarded : heldBack).write(buffer, 0, n);
                    forwarded.notifyAll();
                }
            }
        } catch (IOException e) {
            // the client reset, or the proxy closed
        }
    }

    /** Passes on the server's answers while the client is there, then reads and drops them. */
    private static void toClient(Socket upstream, Socket client) {
        byte[] buffer = new byte[16384];
        boolean clientGone = false;
        try {
            InputStream in = upstream.getInputStream();
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (!clientGone) {
                    try {
                        client.getOutputStream().write(buffer, 0, n);
                    } catch (IOException e) {
                        clientGone = true;
                    }
                }
            }
        } catch (IOException e) {
            // the server closed, or the proxy did
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }
}
