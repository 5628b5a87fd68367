package io.p2pcam.runtime;

import io.p2pcam.protocol.cloud.CloudPathMove;
import io.p2pcam.protocol.endpoint.DatagramEndpoint;
import io.p2pcam.protocol.endpoint.Outgoing;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one sans-I/O {@link DatagramEndpoint} on one UDP socket from one thread: reads every
 * datagram that is waiting, feeds it with the monotonic time, sends what the endpoint produced,
 * and sleeps in the selector until the endpoint's next timeout or the next datagram. The loop is
 * this class; what it sends and receives goes through three helpers it owns: {@link ExtraSockets}
 * (the numbered sockets birthday probing asks for), {@link CloudPaths} (the cloud over UDP, or TCP
 * when UDP goes unanswered) and, in tests and benchmarks only, {@link ImpairedNetwork}.
 *
 * <p>Other threads reach the endpoint only through {@link #execute}, which runs a task on the
 * loop thread (so the endpoint stays single-threaded). A send that fails (network unreachable,
 * buffer full, an address family the socket cannot reach) is counted, not fatal: UDP is lossy anyway.
 *
 * <p><b>Faults.</b> Every entry into the endpoint (a datagram, a timeout, a task, a change of the path to the cloud, the
 * after-each-turn hook) is isolated: an exception costs that one entry, is counted under its
 * reason in {@link #faults()} and logged rate-limited; the loop goes on (invariant 4: one datagram
 * never disables a camera). The loop ends by itself only when the socket fails or the endpoint's
 * timer throws {@value #MAX_TIMER_FAILURES_IN_A_ROW} times in a row (a broken endpoint, not bad
 * input: {@link GuardedTimer}); then {@link #terminated()} completes exceptionally, so that its
 * owner hears it and starts again. It completes normally after {@link #close}.
 *
 * <p><b>Back-pressure.</b> The task queue holds at most {@value #MAX_QUEUED_TASKS} tasks; when it
 * is full (the loop is stuck or far behind) {@link #execute} refuses the task and counts it under
 * {@link LoopFaults.Reason#QUEUE_FULL}, and a dead loop refuses every task: producers such as the
 * encoder cannot grow the heap behind a loop that no longer runs.
 */
public final class UdpEndpointRunner<E extends DatagramEndpoint> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UdpEndpointRunner.class);
    private static final int MAX_DATAGRAM = 2048;
    /**
     * The camera queues one task per encoded picture: about 34 s of 30 fps video, far more than a
     * loop that keeps up ever holds, and a bounded few tens of MB when it does not.
     */
    public static final int MAX_QUEUED_TASKS = 1024;
    /** A timer that throws this often in a row is broken: the loop stops and says so. */
    public static final int MAX_TIMER_FAILURES_IN_A_ROW = 100;

    private final E endpoint;
    private final DatagramChannel channel;
    private final Selector selector;
    /** How {@link #execute} wakes the loop (not {@link Selector#wakeup()}: see {@link LoopWakeup}). */
    private final LoopWakeup wakeup;

    private final Thread thread;
    private final Consumer<E> afterEachTurn;
    private final ArrayBlockingQueue<Consumer<E>> tasks = new ArrayBlockingQueue<>(MAX_QUEUED_TASKS);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final LoopFaults faults;
    private final GuardedTimer timer;
    private volatile boolean running = true;
    private volatile long sendFailures;
    /** UDP to each of the cloud's nodes, or TCP to one when UDP to it goes unanswered. */
    private final CloudPaths clouds;
    /** Extra sockets opened on an endpoint's demand (birthday probing). */
    private final ExtraSockets extraSockets;
    /** Test networks only ({@link Impairment}); null on every real path. */
    private final ImpairedNetwork impaired;

    private UdpEndpointRunner(
            E endpoint,
            DatagramChannel channel,
            String threadName,
            Consumer<E> afterEachTurn,
            List<InetSocketAddress> clouds,
            Impairment impairment)
            throws IOException {
        this.endpoint = endpoint;
        this.impaired = impairment == null ? null : new ImpairedNetwork(impairment, now());
        this.afterEachTurn = afterEachTurn;
        this.channel = channel;
        this.selector = Selector.open();
        this.wakeup = new LoopWakeup(selector);
        this.clouds = new CloudPaths(clouds, selector);
        this.extraSockets = new ExtraSockets(channel, selector);
        channel.configureBlocking(false);
        channel.register(selector, SelectionKey.OP_READ);
        this.faults = new LoopFaults(threadName);
        this.timer = new GuardedTimer(endpoint, faults);
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
        return startWithNodes(endpoint, channel, threadName, afterEachTurn, List.of(), null);
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
        return startWithNodes(
                endpoint, channel, threadName, afterEachTurn, cloud == null ? List.of() : List.of(cloud), impairment);
    }

    /**
     * As {@link #start(DatagramEndpoint, DatagramChannel, String, Consumer, InetSocketAddress,
     * Impairment)} for a cloud of several nodes: each node's UDP→TCP fallback on its own (a dead
     * node's does not move the others to TCP).
     */
    public static <E extends DatagramEndpoint> UdpEndpointRunner<E> startWithNodes(
            E endpoint,
            DatagramChannel channel,
            String threadName,
            Consumer<E> afterEachTurn,
            List<InetSocketAddress> clouds,
            Impairment impairment)
            throws IOException {
        return unstartedWithNodes(endpoint, channel, threadName, afterEachTurn, clouds, impairment)
                .startLoop();
    }

    /**
     * As {@link #startWithNodes}, but the loop thread starts only at {@link
     * #startLoop()}: for an owner whose {@code afterEachTurn} reads objects that themselves need
     * this runner (senders that {@link #execute} on it). It builds them in between, and the loop
     * never sees them unbuilt (starting the thread orders those writes before the loop's reads).
     * Tasks executed before the start run in its first turn.
     */
    public static <E extends DatagramEndpoint> UdpEndpointRunner<E> unstartedWithNodes(
            E endpoint,
            DatagramChannel channel,
            String threadName,
            Consumer<E> afterEachTurn,
            List<InetSocketAddress> clouds,
            Impairment impairment)
            throws IOException {
        return new UdpEndpointRunner<>(endpoint, channel, threadName, afterEachTurn, clouds, impairment);
    }

    /** Starts the loop of a runner made {@link #unstartedWithNodes unstarted}: once, before closing it. */
    public UdpEndpointRunner<E> startLoop() {
        thread.start();
        return this;
    }

    /** Datagrams the simulated network dropped, in (inbound) and out (outbound); 0 without one. */
    public long impairedDrops() {
        return impaired == null ? 0 : impaired.dropped();
    }

    /** Whether the cloud (one of its nodes) is reached over TCP now (UDP to it went unanswered). */
    public boolean cloudOverTcp() {
        return clouds.anyOverTcp();
    }

    /**
     * Runs {@code task} with the endpoint on the loop thread, soon.
     *
     * @return false when the task was refused and will never run: the queue is full (counted
     *     under {@link LoopFaults.Reason#QUEUE_FULL}) or the loop has stopped
     */
    public boolean execute(Consumer<E> task) {
        if (terminated.isDone()) {
            return false;
        }
        if (!tasks.offer(task)) {
            faults.record(LoopFaults.Reason.QUEUE_FULL, null, now());
            return false;
        }
        wakeup.signal();
        return true;
    }

    /**
     * Completes when the loop has stopped: normally after {@link #close}, exceptionally (with the
     * cause) when it stopped by itself. Its dependants run on the loop thread as it ends, or at
     * once on the caller's thread if it already has: they must not block.
     */
    public CompletableFuture<Void> terminated() {
        return terminated;
    }

    /** What went wrong without stopping the loop, by reason. */
    public LoopFaults faults() {
        return faults;
    }

    public long sendFailures() {
        return sendFailures;
    }

    /** The endpoints' clock: {@link System#nanoTime()} in whole milliseconds. */
    public static long now() {
        return millis(System.nanoTime());
    }

    /** A {@link System#nanoTime()} reading on the endpoints' millisecond clock ({@link #now()}). */
    public static long millis(long nanoTime) {
        return nanoTime / 1_000_000;
    }

    private void loop() {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM);
        Throwable failure = null;
        try {
            while (running) {
                turn(buffer);
            }
        } catch (IOException | RuntimeException | Error e) {
            failure = e;
        } finally {
            boolean asked = !running;
            running = false;
            tasks.clear(); // never run now: let the producers' buffers go
            stopped.countDown();
            if (failure == null || asked) {
                terminated.complete(null);
            } else {
                log.error("UDP endpoint loop {} stopped: {}", thread.getName(), failure.toString(), failure);
                terminated.completeExceptionally(failure);
            }
        }
    }

    /** One turn: wait for a datagram or the next timeout, then feed the endpoint all that is due. */
    private void turn(ByteBuffer buffer) throws IOException {
        sendAll(); // what the endpoint queued before the loop started, or in a task
        long next = Math.min(timer.nextTimeout(), clouds.nextCheckAt(now())); // the endpoint's, or a move to TCP due
        if (impaired != null) {
            next = Math.min(next, impaired.nextDue());
        }
        long wait = next - now();
        if (wait > 0) {
            selector.select(Math.min(wait, 1_000));
        } else {
            selector.selectNow();
        }
        boolean readable = false; // the own socket: a turn woken by a task or a timer reads nothing (level-triggered)
        for (SelectionKey key : selector.selectedKeys()) {
            if (key.channel() == channel) {
                readable = true;
            } else if (key.attachment() == wakeup) {
                wakeup.drain(); // before the tasks are taken below
            } else if (key.attachment() instanceof Integer socket) {
                receiveExtra(socket, buffer);
            } else if (key.attachment() instanceof CloudTcpLink link) {
                clouds.onTcpReady(link, (cloud, datagram) -> feed(datagram, datagram.length, cloud, 0));
            }
        }
        selector.selectedKeys().clear();
        clouds.check(now(), this::cloudPathChanged, this::send);
        if (readable) {
            receiveAll(buffer);
        }
        deliverImpaired();
        Consumer<E> task;
        while ((task = tasks.poll()) != null) {
            try {
                task.accept(endpoint);
            } catch (RuntimeException e) {
                faults.record(LoopFaults.Reason.TASK, e, now());
            }
        }
        if (timer.nextTimeout() <= now()) {
            timer.handleTimeout();
        }
        try {
            afterEachTurn.accept(endpoint);
        } catch (RuntimeException e) {
            faults.record(LoopFaults.Reason.EVENTS, e, now());
        }
        sendAll();
    }

    /** Tells the endpoint that the cloud is reached another way now; it queues what the new path should carry at once. */
    private void cloudPathChanged(InetSocketAddress cloud, CloudPathMove move) {
        try {
            endpoint.cloudPathChanged(cloud, move, now());
        } catch (RuntimeException e) {
            faults.record(LoopFaults.Reason.PATH_CHANGE, e, now());
        }
        sendAll();
    }

    /** One datagram into the endpoint: an exception costs this datagram, never the loop. */
    private void feed(byte[] data, int length, InetSocketAddress from, int socket) {
        try {
            endpoint.handleDatagram(data, 0, length, from, socket, now());
        } catch (RuntimeException e) {
            faults.record(LoopFaults.Reason.DATAGRAM, e, now());
        }
    }

    private void receiveAll(ByteBuffer buffer) throws IOException {
        InetSocketAddress from;
        while ((from = (InetSocketAddress) channel.receive(buffer.clear())) != null) {
            if (impaired != null) {
                impaired.received(from, Arrays.copyOf(buffer.array(), buffer.position()), now());
                continue;
            }
            deliver(buffer.array(), buffer.position(), from);
        }
    }

    private void deliver(byte[] data, int length, InetSocketAddress from) {
        try {
            if (clouds.heardOverUdp(from, data, length)) {
                return; // a cloud path's own: the answer to its UDP probe, or a refusal for rate that moves it to TCP
            }
        } catch (RuntimeException e) {
            faults.record(LoopFaults.Reason.DATAGRAM, e, now()); // anyone may send from the cloud's address
            return;
        }
        feed(data, length, from, 0);
        sendAll();
    }

    /** Hands the endpoint what the simulated network delivers now, and sends what it lets out. */
    private void deliverImpaired() {
        if (impaired == null) {
            return;
        }
        for (ImpairedLink.InFlight datagram : impaired.arrived(now())) {
            deliver(datagram.data(), datagram.data().length, datagram.peer());
        }
        for (ImpairedLink.InFlight datagram : impaired.leaving(now())) {
            transmit(datagram.peer(), datagram.data());
        }
    }

    private void receiveExtra(int socket, ByteBuffer buffer) throws IOException {
        DatagramChannel extra = extraSockets.opened(socket);
        InetSocketAddress from;
        while ((from = (InetSocketAddress) extra.receive(buffer.clear())) != null) {
            feed(buffer.array(), buffer.position(), from, socket);
            sendAll();
        }
    }

    /** Extra socket {@code socket} (≥ 1), opened on first use; null beyond the limit or when opening fails. */
    private DatagramChannel extraSocket(int socket) {
        try {
            return extraSockets.get(socket);
        } catch (IOException | RuntimeException e) {
            sendFailed(e);
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
                } catch (IOException | RuntimeException e) {
                    sendFailed(e);
                }
                continue;
            }
            if (!clouds.sentOverTcp(out.to(), out.data(), now())) {
                send(out.to(), out.data());
            }
        }
        if (impaired != null) {
            for (ImpairedLink.InFlight datagram : impaired.leaving(now())) {
                transmit(datagram.peer(), datagram.data());
            }
        }
    }

    /** Over UDP from the own socket, through the simulated network if there is one. */
    private void send(InetSocketAddress to, byte[] data) {
        if (impaired != null) {
            impaired.sent(to, data, now());
        } else {
            transmit(to, data);
        }
    }

    private void transmit(InetSocketAddress to, byte[] data) {
        try {
            channel.send(ByteBuffer.wrap(data), to);
        } catch (IOException | RuntimeException e) {
            // Unreachable candidate, full buffer, an IPv6 address on an IPv4-only socket
            // (UnsupportedAddressTypeException): like a lost datagram.
            sendFailed(e);
        }
    }

    private void sendFailed(Exception e) {
        sendFailures++;
        // I/O errors are the network's weather; anything else is worth one line now and then.
        faults.record(LoopFaults.Reason.SEND, e instanceof IOException ? null : e, now());
    }

    /**
     * Runs {@code lastWords} on the loop thread (e.g. a goodbye), sends its output, then stops and
     * closes the socket. If the queue is full the goodbye is skipped and the loop stopped anyway.
     */
    public void close(Consumer<E> lastWords) {
        // A loop never started has nothing to say and nobody to wait for (its owner failed to build).
        if (running && !terminated.isDone() && thread.getState() != Thread.State.NEW) {
            boolean queued = execute(e -> {
                try {
                    lastWords.accept(e);
                    sendAll();
                } finally {
                    running = false;
                }
            });
            if (!queued) {
                running = false;
                selector.wakeup();
            }
            try {
                stopped.await(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        running = false;
        terminated.complete(null); // a loop stuck past the wait above counts as stopped by us
        try {
            clouds.close();
            extraSockets.close();
            wakeup.close();
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
