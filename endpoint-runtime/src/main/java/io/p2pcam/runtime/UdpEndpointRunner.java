package io.p2pcam.runtime;

import io.p2pcam.protocol.endpoint.DatagramEndpoint;
import io.p2pcam.protocol.endpoint.Outgoing;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one sans-I/O {@link DatagramEndpoint} on one UDP socket from one thread: reads every
 * datagram that is waiting, feeds it with the monotonic time, sends what the endpoint produced,
 * and sleeps in the selector until the endpoint's next timeout or the next datagram.
 *
 * <p>Other threads reach the endpoint only through {@link #execute}, which runs a task on the
 * loop thread (so the endpoint stays single-threaded). A send that fails (network unreachable,
 * buffer full) is counted, not fatal: UDP is lossy anyway.
 */
public final class UdpEndpointRunner<E extends DatagramEndpoint> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UdpEndpointRunner.class);
    private static final int MAX_DATAGRAM = 2048;

    private final E endpoint;
    private final DatagramChannel channel;
    private final Selector selector;
    private final Thread thread;
    private final Consumer<E> afterEachTurn;
    private final ConcurrentLinkedQueue<Consumer<E>> tasks = new ConcurrentLinkedQueue<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile long sendFailures;
    /** Test networks only ({@link Impairment}); null on every real path. */
    private final ImpairedLink inbound;
    private final ImpairedLink outbound;

    private UdpEndpointRunner(E endpoint, DatagramChannel channel, String threadName, Consumer<E> afterEachTurn,
            Impairment impairment) throws IOException {
        this.endpoint = endpoint;
        long now = now();
        this.inbound = impairment == null ? null : new ImpairedLink(impairment, impairment.seed(), now);
        this.outbound = impairment == null ? null : new ImpairedLink(impairment, impairment.seed() * 31 + 7, now);
        this.afterEachTurn = afterEachTurn;
        this.channel = channel;
        this.selector = Selector.open();
        channel.configureBlocking(false);
        channel.register(selector, SelectionKey.OP_READ);
        this.thread = Thread.ofPlatform().name(threadName).daemon().unstarted(this::loop);
    }

    /** Opens a UDP socket on {@code bind} (port 0 = any) for an endpoint built by the caller with that socket's address. */
    public static DatagramChannel open(InetSocketAddress bind) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
        channel.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
        channel.bind(bind);
        return channel;
    }

    /**
     * Starts driving {@code endpoint} on {@code channel} (which it now owns). {@code afterEachTurn}
     * runs on the loop thread after every batch of datagrams, tasks and timeouts: the place to
     * drain the endpoint's events.
     */
    public static <E extends DatagramEndpoint> UdpEndpointRunner<E> start(E endpoint, DatagramChannel channel,
            String threadName, Consumer<E> afterEachTurn) throws IOException {
        return start(endpoint, channel, threadName, afterEachTurn, null);
    }

    /**
     * As {@link #start(DatagramEndpoint, DatagramChannel, String, Consumer)}, with both directions
     * of the socket passing through a simulated bad network first (loss-recovery tests and
     * benchmarks; null for none).
     */
    public static <E extends DatagramEndpoint> UdpEndpointRunner<E> start(E endpoint, DatagramChannel channel,
            String threadName, Consumer<E> afterEachTurn, Impairment impairment) throws IOException {
        UdpEndpointRunner<E> runner = new UdpEndpointRunner<>(endpoint, channel, threadName, afterEachTurn, impairment);
        runner.thread.start();
        return runner;
    }

    /** Datagrams the simulated network dropped, in (inbound) and out (outbound); 0 without one. */
    public long impairedDrops() {
        return inbound == null ? 0 : inbound.dropped() + outbound.dropped();
    }

    /** Runs {@code task} with the endpoint on the loop thread, soon. */
    public void execute(Consumer<E> task) {
        tasks.add(task);
        selector.wakeup();
    }

    public long sendFailures() {
        return sendFailures;
    }

    public static long now() {
        return System.nanoTime() / 1_000_000;
    }

    private void loop() {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM);
        try {
            while (running) {
                sendAll(); // what the endpoint queued before the loop started, or in a task
                long next = endpoint.nextTimeout();
                if (inbound != null) {
                    next = Math.min(next, Math.min(inbound.nextDue(), outbound.nextDue()));
                }
                long wait = next - now();
                if (wait > 0) {
                    selector.select(Math.min(wait, 1_000));
                } else {
                    selector.selectNow();
                }
                selector.selectedKeys().clear();
                receiveAll(buffer);
                deliverImpaired();
                Consumer<E> task;
                while ((task = tasks.poll()) != null) {
                    task.accept(endpoint);
                }
                if (endpoint.nextTimeout() <= now()) {
                    endpoint.handleTimeout(now());
                }
                afterEachTurn.accept(endpoint);
                sendAll();
            }
        } catch (IOException | RuntimeException e) {
            if (running) {
                log.error("UDP endpoint loop stopped: {}", e.toString(), e);
            }
        } finally {
            stopped.countDown();
        }
    }

    private void receiveAll(ByteBuffer buffer) throws IOException {
        InetSocketAddress from;
        while ((from = (InetSocketAddress) channel.receive(buffer.clear())) != null) {
            if (inbound != null) {
                inbound.submit(from, java.util.Arrays.copyOf(buffer.array(), buffer.position()), now());
                continue;
            }
            endpoint.handleDatagram(buffer.array(), 0, buffer.position(), from, now());
            sendAll();
        }
    }

    /** Hands the endpoint what the simulated network delivers now, and sends what it lets out. */
    private void deliverImpaired() {
        if (inbound == null) {
            return;
        }
        for (ImpairedLink.InFlight datagram : inbound.poll(now())) {
            endpoint.handleDatagram(datagram.data(), 0, datagram.data().length, datagram.peer(), now());
            sendAll();
        }
        for (ImpairedLink.InFlight datagram : outbound.poll(now())) {
            transmit(datagram.peer(), datagram.data());
        }
    }

    private void sendAll() {
        Outgoing out;
        while ((out = endpoint.pollTransmit()) != null) {
            if (outbound != null) {
                outbound.submit(out.to(), out.data(), now());
            } else {
                transmit(out.to(), out.data());
            }
        }
        if (outbound != null) {
            for (ImpairedLink.InFlight datagram : outbound.poll(now())) {
                transmit(datagram.peer(), datagram.data());
            }
        }
    }

    private void transmit(InetSocketAddress to, byte[] data) {
        try {
            channel.send(ByteBuffer.wrap(data), to);
        } catch (IOException e) {
            sendFailures++; // unreachable candidate, full buffer: like a lost datagram
        }
    }

    /** Runs {@code lastWords} on the loop thread (e.g. a goodbye), sends its output, then stops and closes the socket. */
    public void close(Consumer<E> lastWords) {
        if (running) {
            execute(e -> {
                lastWords.accept(e);
                sendAll();
                running = false;
            });
            try {
                stopped.await(2, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running = false;
        }
        try {
            selector.close();
            channel.close();
        } catch (IOException e) {
            log.debug("closing the UDP socket: {}", e.toString());
        }
    }

    @Override
    public void close() {
        close(e -> { });
    }
}
