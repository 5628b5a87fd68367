package io.p2pcam.runtime;

import io.p2pcam.protocol.cloud.RelayFrame;
import io.p2pcam.protocol.endpoint.DatagramEndpoint;
import io.p2pcam.protocol.endpoint.Outgoing;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
    /** Birthday probing opens 256 ports; a little room above that, and no more. */
    private static final int MAX_EXTRA_SOCKETS = 300;

    private final E endpoint;
    private final DatagramChannel channel;
    private final Selector selector;
    private final Thread thread;
    private final Consumer<E> afterEachTurn;
    private final ConcurrentLinkedQueue<Consumer<E>> tasks = new ConcurrentLinkedQueue<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile long sendFailures;
    /** The cloud's address (UDP, and TCP on the same port number for the fallback), or null for no fallback. */
    private final InetSocketAddress cloud;

    private final CloudFallback fallback = new CloudFallback();
    private CloudTcpLink tcp;
    private byte[] lastToCloud;
    private volatile boolean overTcp;
    /** Extra sockets opened on an endpoint's demand (birthday probing); index k-1 is socket k. */
    private final List<DatagramChannel> extraSockets = new ArrayList<>();

    /** Test networks only ({@link Impairment}); null on every real path. */
    private final ImpairedLink inbound;

    private final ImpairedLink outbound;

    private UdpEndpointRunner(
            E endpoint,
            DatagramChannel channel,
            String threadName,
            Consumer<E> afterEachTurn,
            InetSocketAddress cloud,
            Impairment impairment)
            throws IOException {
        this.cloud = cloud;
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
    public static <E extends DatagramEndpoint> UdpEndpointRunner<E> start(
            E endpoint, DatagramChannel channel, String threadName, Consumer<E> afterEachTurn) throws IOException {
        return start(endpoint, channel, threadName, afterEachTurn, null, null);
    }

    /**
     * As {@link #start(DatagramEndpoint, DatagramChannel, String, Consumer)}, and when the cloud at
     * {@code cloud} does not answer over UDP ({@link CloudFallback}), everything for the cloud
     * (relay frames included) goes over TCP to the same address and port number instead.
     */
    public static <E extends DatagramEndpoint> UdpEndpointRunner<E> start(
            E endpoint, DatagramChannel channel, String threadName, Consumer<E> afterEachTurn, InetSocketAddress cloud)
            throws IOException {
        return start(endpoint, channel, threadName, afterEachTurn, cloud, null);
    }

    /**
     * As {@link #start(DatagramEndpoint, DatagramChannel, String, Consumer, InetSocketAddress)}, with
     * both directions of the socket passing through a simulated bad network first (loss-recovery
     * tests and benchmarks; null for none, as on every real path).
     */
    public static <E extends DatagramEndpoint> UdpEndpointRunner<E> start(
            E endpoint,
            DatagramChannel channel,
            String threadName,
            Consumer<E> afterEachTurn,
            InetSocketAddress cloud,
            Impairment impairment)
            throws IOException {
        UdpEndpointRunner<E> runner =
                new UdpEndpointRunner<>(endpoint, channel, threadName, afterEachTurn, cloud, impairment);
        runner.thread.start();
        return runner;
    }

    /** Datagrams the simulated network dropped, in (inbound) and out (outbound); 0 without one. */
    public long impairedDrops() {
        return inbound == null ? 0 : inbound.dropped() + outbound.dropped();
    }

    /** Whether the cloud is reached over TCP now (UDP to it went unanswered). */
    public boolean cloudOverTcp() {
        return overTcp;
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
                for (SelectionKey key : selector.selectedKeys()) {
                    if (key.attachment() instanceof Integer socket) {
                        receiveExtra(socket, buffer);
                    } else if (key.attachment() instanceof CloudTcpLink link) {
                        link.onReady(datagram -> {
                            fallback.heardFromCloud();
                            endpoint.handleDatagram(datagram, 0, datagram.length, cloud, now());
                        });
                    }
                }
                selector.selectedKeys().clear();
                checkTcp();
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
                inbound.submit(from, Arrays.copyOf(buffer.array(), buffer.position()), now());
                continue;
            }
            deliver(buffer.array(), buffer.position(), from);
        }
    }

    private void deliver(byte[] data, int length, InetSocketAddress from) {
        if (from.equals(cloud)) {
            fallback.heardFromCloud();
        }
        endpoint.handleDatagram(data, 0, length, from, now());
        sendAll();
    }

    /** Hands the endpoint what the simulated network delivers now, and sends what it lets out. */
    private void deliverImpaired() {
        if (inbound == null) {
            return;
        }
        for (ImpairedLink.InFlight datagram : inbound.poll(now())) {
            deliver(datagram.data(), datagram.data().length, datagram.peer());
        }
        for (ImpairedLink.InFlight datagram : outbound.poll(now())) {
            transmit(datagram.peer(), datagram.data());
        }
    }

    private void receiveExtra(int socket, ByteBuffer buffer) throws IOException {
        DatagramChannel extra = extraSockets.get(socket - 1);
        InetSocketAddress from;
        while ((from = (InetSocketAddress) extra.receive(buffer.clear())) != null) {
            endpoint.handleDatagram(buffer.array(), 0, buffer.position(), from, socket, now());
            sendAll();
        }
    }

    /** Extra socket {@code socket} (≥ 1), opened on first use on any free port; null beyond the limit or when opening fails. */
    private DatagramChannel extraSocket(int socket) {
        if (socket > MAX_EXTRA_SOCKETS) {
            return null;
        }
        try {
            while (extraSockets.size() < socket) {
                DatagramChannel extra = DatagramChannel.open();
                extra.bind(new InetSocketAddress(channel.socket().getLocalAddress(), 0));
                extra.configureBlocking(false);
                extra.register(selector, SelectionKey.OP_READ, extraSockets.size() + 1);
                extraSockets.add(extra);
            }
            return extraSockets.get(socket - 1);
        } catch (IOException e) {
            sendFailures++;
            return null;
        }
    }

    private void sendAll() {
        Outgoing out;
        while ((out = endpoint.pollTransmit()) != null) {
            if (out.socket() != 0) {
                DatagramChannel extra = extraSocket(out.socket());
                try {
                    if (extra != null) {
                        extra.send(ByteBuffer.wrap(out.data()), out.to());
                    }
                } catch (IOException e) {
                    sendFailures++;
                }
                continue;
            }
            if (out.to().equals(cloud)) {
                if (!RelayFrame.isRelayType(out.data(), 0, out.data().length)) {
                    // Requests expect an answer; relay frames and challenge responses do not.
                    fallback.sentToCloud(now());
                    lastToCloud = out.data();
                }
                if (tcp != null) {
                    tcp.send(out.data());
                    continue;
                }
            }
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

    /** Switches the cloud to TCP when UDP goes unanswered, and back to UDP when the TCP link breaks. */
    private void checkTcp() {
        if (cloud == null) {
            return;
        }
        if (tcp != null && tcp.isBroken()) {
            log.info("TCP link to the cloud {} broke; back to UDP", cloud);
            tcp.close();
            tcp = null;
            overTcp = false;
            fallback.heardFromCloud(); // a fresh count before trying TCP again
        } else if (tcp == null && fallback.shouldUseTcp(now())) {
            try {
                tcp = CloudTcpLink.open(cloud, selector);
                overTcp = true;
                log.info("no answer from the cloud {} over UDP; trying TCP", cloud);
                if (lastToCloud != null) {
                    tcp.send(lastToCloud); // the request that went unanswered, without waiting for its retransmission
                }
                fallback.heardFromCloud();
            } catch (IOException e) {
                log.debug("cannot open TCP to the cloud: {}", e.toString());
                fallback.heardFromCloud();
            }
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
                stopped.await(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running = false;
        }
        try {
            if (tcp != null) {
                tcp.close();
            }
            for (DatagramChannel extra : extraSockets) {
                extra.close();
            }
            selector.close();
            channel.close();
        } catch (IOException e) {
            log.debug("closing the UDP socket: {}", e.toString());
        }
    }

    @Override
    public void close() {
        close(e -> {});
    }
}
