package io.p2pcam.cloud.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.EventExecutor;
import io.p2pcam.cloud.core.ClientAddress;
import io.p2pcam.cloud.core.ClusterCommand;
import io.p2pcam.cloud.core.KnownCameras;
import io.p2pcam.cloud.core.Lane;
import io.p2pcam.cloud.core.Rendezvous;
import io.p2pcam.cloud.core.ShardRouter;
import io.p2pcam.cloud.core.SignatureCheck;
import io.p2pcam.cloud.core.Transmit;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.MessageType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event-loop side of the rendezvous core, behind either UDP edge (in the pipeline of Netty's
 * datagram channel, or fed by {@link NativeUdpEdge}, decision 0081): each datagram is copied into
 * one reused array and fed to the core with the time; whatever the core wants sent is written at
 * once and flushed once per read batch; one timer is kept armed at the core's {@link
 * Rendezvous#nextTimeout()} ({@link CoreTimer}). Nothing a peer sends closes the channel: the core drops
 * and counts bad datagrams, and unexpected exceptions are logged (rarely) and survived.
 *
 * <p>With several event loops on one port (SO_REUSEPORT, decision 0016) each loop has its own
 * handler and core, and every camera belongs to one core ({@link ShardRouter}): a datagram that
 * arrives on a loop whose core does not own it is copied and handed to the owner's loop, in one
 * task per read batch and owner, and the owner answers through its own channel (the same port).
 * A LOOKUP of an ID no core holds ({@link KnownCameras}) is the exception: the loop that read it
 * answers it.
 *
 * <p>Owns its {@link Rendezvous}; all methods run on the channel's event loop, except
 * {@link #handOver} (any loop). Not sharable.
 */
final class RendezvousHandler extends SimpleChannelInboundHandler<DatagramPacket> {
    /** Room for the largest cloud datagram with margin; larger ones get an array of their own (and are dropped as too long). */
    static final int COPY_BUFFER_BYTES = 2 * CloudCodec.MAX_DATAGRAM;
    /** Datagrams handed over from other loops that may wait for this one: about 50–100 ms of work. */
    static final int MAX_QUEUED_HANDOFFS = 65_536;

    private static final Logger trace = LoggerFactory.getLogger("p2pcam.trace");
    /** {@link #otherShard}: the datagram is this shard core's. */
    private static final int NONE = -1;

    private final Rendezvous core;
    private final CloudMetrics metrics;
    private final LongSupplier monotonicMillis;
    private final RareProblemLog problems = new RareProblemLog(LoggerFactory.getLogger(RendezvousHandler.class));
    private final byte[] copy = new byte[COPY_BUFFER_BYTES];
    private final TcpFrontDoor tcp;
    private final SignatureCheckPool verifier;
    /** The port's sending side once it serves (Netty's channel or the native edge); null before. */
    private DatagramSender udp;

    private final CoreTimer timer;
    private boolean unflushed;
    /** The time of the read batch under way (datagrams read and TCP frames fed). */
    private final BatchClock batchClock;

    private final Set<Channel> tcpUnflushed = new HashSet<>();
    private ShardRouter router = new ShardRouter(1, 0);
    /** The IDs the node's cores may hold (null: every datagram goes to its owner). */
    private KnownCameras known;

    private int shard;
    private RendezvousHandler[] shards = {this};
    /** Datagrams received here for other shards, by shard, sent on at the end of the read batch. */
    private List<List<Handoff>> outgoing = List.of();

    private boolean handoffsPending;
    /** Datagrams other loops handed to this one and it has not processed yet (bounded: {@link #MAX_QUEUED_HANDOFFS}). */
    private final AtomicInteger queuedHandoffs = new AtomicInteger();

    private EventExecutor loop;
    /** Datagrams read from this loop's own socket (its share of what the kernel spread over the loops). */
    private final AtomicLong datagramsRead = new AtomicLong();

    private long publishedTableBytes;
    private long publishedResultsBytes;
    /** Where a clustered core's commands go (null: a node alone). */
    private ClusterNode cluster;

    /** Datagrams read from this handler's own socket so far (thread-safe). */
    long datagramsRead() {
        return datagramsRead.get();
    }

    /** A datagram for another shard's core, with the lane it came over (TCP: its address is proven). */
    private record Handoff(byte[] data, ClientAddress from) {}

    /**
     * @param monotonicMillis the clock the core runs on; the same one must have created {@code core}
     */
    RendezvousHandler(Rendezvous core, CloudMetrics metrics, LongSupplier monotonicMillis) {
        this(core, metrics, monotonicMillis, new TcpFrontDoor(metrics), SignatureCheckPool.inline());
    }

    /**
     * @param verifier where REGISTER signatures are checked; outcomes come back to this handler's
     *     event loop
     */
    RendezvousHandler(
            Rendezvous core,
            CloudMetrics metrics,
            LongSupplier monotonicMillis,
            TcpFrontDoor tcp,
            SignatureCheckPool verifier) {
        this.tcp = tcp;
        this.verifier = verifier;
        this.core = core;
        this.metrics = metrics;
        this.monotonicMillis = monotonicMillis;
        this.batchClock = new BatchClock(monotonicMillis);
        this.timer = new CoreTimer(monotonicMillis, this::onTimeout);
    }

    /**
     * Makes this handler shard {@code index} of {@code all} (one per event loop, all built before
     * any channel is bound): datagrams for cameras of another shard go to that shard's loop.
     */
    void joinShards(ShardRouter router, int index, RendezvousHandler[] all) {
        joinShards(router, index, all, null);
    }

    /**
     * {@link #joinShards(ShardRouter, int, RendezvousHandler[])}, and a LOOKUP of an ID that no
     * core holds by {@code known} is answered by this loop's core instead of being handed to the
     * owner's loop (on a node alone, not in a cluster, where a miss means "ask the registry").
     */
    void joinShards(ShardRouter router, int index, RendezvousHandler[] all, KnownCameras known) {
        this.known = known;
        this.router = router;
        this.shard = index;
        this.shards = all.clone();
        List<List<Handoff>> lists = new ArrayList<>();
        for (int i = 0; i < all.length; i++) {
            lists.add(new ArrayList<>());
        }
        this.outgoing = lists;
    }

    /** Makes this handler carry out its core's cluster commands (the core has joined the cluster). */
    void joinCluster(ClusterNode node) {
        this.cluster = node;
    }

    /**
     * Runs {@code task} with the core on this handler's event loop (any thread may call), then
     * sends what the core produced. Dropped when the loop has stopped.
     */
    void onLoop(Consumer<Rendezvous> task) {
        EventExecutor target = loop;
        if (target == null) {
            return;
        }
        try {
            target.execute(() -> {
                if (udp == null) {
                    return;
                }
                try {
                    task.accept(core);
                } catch (RuntimeException e) {
                    problems.report(e);
                }
                writeTransmits();
                afterBatch();
            });
        } catch (RejectedExecutionException e) {
            // shutting down with the server
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        loop = ctx.executor();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        serveOn(new NettyDatagramSender(ctx));
        super.channelActive(ctx);
    }

    /**
     * The port serves from now on, sending through {@code sender}: an edge that is not a Netty
     * channel calls this on the loop it joined ({@link #joinLoop}), where a channel's pipeline
     * calls {@link #channelActive}.
     */
    void serveOn(DatagramSender sender) {
        udp = sender;
        afterBatch();
    }

    /** The loop this handler runs on, for an edge that is not a Netty channel (before it serves). */
    void joinLoop(EventExecutor executor) {
        loop = executor;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        portClosed();
        super.channelInactive(ctx);
    }

    /** The port's socket has closed (event loop): no timer any more, the sender frees what it held. */
    void portClosed() {
        timer.cancel();
        if (udp != null) {
            udp.release();
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        ByteBuf content = packet.content();
        int length = content.readableBytes();
        byte[] data = length <= copy.length ? copy : new byte[length];
        content.getBytes(content.readerIndex(), data, 0, length);
        received(data, length, ClientAddress.udp(packet.sender()));
    }

    /**
     * A datagram read from this loop's own socket, in {@code data} from index 0 (the caller's
     * array, reused once this returns), from {@code sender} over UDP (an object the edge may pass
     * again for the same sender's next datagrams: it is immutable): fed to the core or handed to
     * its owner's loop. What the core answers is queued; {@link #afterReadBatch()} sends it.
     */
    void received(byte[] data, int length, ClientAddress sender) {
        datagramsRead.setRelease(datagramsRead.getPlain() + 1); // this loop alone writes it: no locked add
        if (trace.isTraceEnabled()) {
            trace.trace("in  {} bytes from {}", length, sender);
        }
        int owner = otherShard(data, length);
        if (owner != NONE) {
            handOff(owner, data, length, sender);
            return;
        }
        core.handleDatagram(data, 0, length, sender, batchClock.now());
        writeTransmits();
        dispatchSignatureChecks();
    }

    /** After a batch of reads from the socket: the answers go out together, then timers and hand-overs. */
    void afterReadBatch() {
        afterBatch();
    }

    /** An exception the edge caught while reading or sending: logged rarely, survived. */
    void report(Throwable problem) {
        problems.report(problem);
    }

    /** The shard whose core the datagram belongs to if that is another than this one's, else {@link #NONE}. */
    private int otherShard(byte[] data, int length) {
        int owner = router.shardOf(data, 0, length);
        return owner == ShardRouter.ANY || owner == shard || unknownLookup(data) ? NONE : owner;
    }

    /** Queues a datagram for shard {@code owner}'s loop. */
    private void handOff(int owner, byte[] data, int length, ClientAddress from) {
        outgoing.get(owner).add(new Handoff(Arrays.copyOf(data, length), from));
        handoffsPending = true;
    }

    /**
     * Whether a datagram routed to another shard is a LOOKUP of an ID no core of this node holds:
     * this loop's core answers it (UNAVAILABLE, after the same admission check) exactly as the
     * owner would, since its own table cannot hold an ID another shard owns. The router has
     * already checked the header and the length of a LOOKUP it routes.
     */
    private boolean unknownLookup(byte[] data) {
        return known != null
                && cluster == null
                && (data[3] & 0xff) == MessageType.LOOKUP.code()
                && !known.mayHold(data, CloudCodec.HEADER_BYTES);
    }

    /** Sends each shard's queued datagrams to its loop, one task per shard. */
    private void sendHandoffs() {
        handoffsPending = false;
        for (int owner = 0; owner < outgoing.size(); owner++) {
            List<Handoff> batch = outgoing.get(owner);
            if (!batch.isEmpty()) {
                outgoing.set(owner, new ArrayList<>());
                shards[owner].handOver(batch);
            }
        }
    }

    /**
     * Datagrams for this shard's core that arrived on another loop (any thread): processed on this
     * handler's loop. Dropped and counted when this loop is already {@link #MAX_QUEUED_HANDOFFS} behind.
     */
    private void handOver(List<Handoff> batch) {
        EventExecutor target = loop;
        if (target == null || queuedHandoffs.addAndGet(batch.size()) > MAX_QUEUED_HANDOFFS) {
            if (target != null) {
                queuedHandoffs.addAndGet(-batch.size());
            }
            batch.forEach(h -> metrics.handoffDropped());
            return;
        }
        try {
            target.execute(() -> receiveHandoffs(batch));
        } catch (RejectedExecutionException e) {
            queuedHandoffs.addAndGet(-batch.size()); // shutting down with the server
        }
    }

    private void receiveHandoffs(List<Handoff> batch) {
        queuedHandoffs.addAndGet(-batch.size());
        if (udp == null) {
            return; // not serving (yet, or any more)
        }
        long now = monotonicMillis.getAsLong();
        for (Handoff handoff : batch) {
            try {
                core.handleDatagram(handoff.data(), 0, handoff.data().length, handoff.from(), now);
            } catch (RuntimeException e) {
                problems.report(e); // one datagram's bug costs that datagram
            }
            writeTransmits();
        }
        dispatchSignatureChecks();
        afterBatch();
    }

    /**
     * A datagram that came over a TCP connection (same event loop): fed to the core like a UDP one,
     * but on the TCP lane, whose budgets forged UDP datagrams cannot spend (decision 0057).
     */
    void feed(ByteBuf content, ClientAddress from) {
        int length = content.readableBytes();
        byte[] data = length <= copy.length ? copy : new byte[length];
        content.getBytes(content.readerIndex(), data, 0, length);
        int owner = otherShard(data, length);
        if (owner != NONE) {
            handOff(owner, data, length, from);
            return;
        }
        core.handleDatagram(data, 0, length, from, batchClock.now());
        if (udp != null) {
            writeTransmits();
            dispatchSignatureChecks();
        }
    }

    /** After a batch of TCP reads: the UDP side flushes and re-arms like after its own batches. */
    void afterTcpBatch() {
        if (udp != null) {
            afterBatch();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        afterBatch();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // One bad datagram or one failed send must not take the cloud down: log and carry on.
        problems.report(cause);
    }

    private void onTimeout() {
        core.handleTimeout(monotonicMillis.getAsLong());
        writeTransmits();
        afterBatch();
    }

    /** Hands the core's pending signature checks to the verifier; each outcome returns to the event loop. */
    private void dispatchSignatureChecks() {
        EventExecutor executor = loop;
        for (SignatureCheck check = core.pollSignatureCheck(); check != null; check = core.pollSignatureCheck()) {
            try {
                verifier.submit(check, (checked, valid) -> {
                    if (executor.inEventLoop()) {
                        onSignatureChecked(checked, valid);
                    } else {
                        try {
                            executor.execute(() -> onSignatureChecked(checked, valid));
                        } catch (RejectedExecutionException e) {
                            // The event loop is shutting down with the server: the outcome no longer matters.
                        }
                    }
                });
            } catch (RejectedExecutionException e) {
                core.signatureCheckAbandoned(check);
            }
        }
    }

    private void onSignatureChecked(SignatureCheck check, boolean valid) {
        core.signatureChecked(check, valid, monotonicMillis.getAsLong());
        writeTransmits();
        afterBatch();
    }

    private void writeTransmits() {
        if (cluster != null) {
            for (ClusterCommand command = core.pollClusterCommand();
                    command != null;
                    command = core.pollClusterCommand()) {
                cluster.execute(command);
            }
        }
        for (Transmit transmit = core.pollTransmit(); transmit != null; transmit = core.pollTransmit()) {
            if (trace.isTraceEnabled()) {
                trace.trace("out {} bytes to {}", transmit.data().length, transmit.to());
            }
            if (transmit.lane() == Lane.TCP) {
                writeTcp(transmit);
                continue;
            }
            udp.send(transmit.data(), transmit.to());
            unflushed = true;
        }
    }

    /**
     * A datagram for a TCP client, on its connection; dropped and counted when that closed, never
     * sent over UDP instead: only TCP proved that address, which over UDP may be nobody's or, behind
     * one NAT, somebody else's (docs/PROTOCOL.md §3.1, decision 0068).
     */
    private void writeTcp(Transmit transmit) {
        Channel connection = tcp.connection(transmit.to());
        if (connection == null) {
            metrics.tcpClosedDropped();
            return;
        }
        tcp.write(connection, transmit.data());
        tcpUnflushed.add(connection);
    }

    /** Once per read batch or timeout: flush, publish what only this thread may read, re-arm the timer. */
    private void afterBatch() {
        batchClock.batchDone();
        if (handoffsPending) {
            sendHandoffs();
        }
        if (unflushed) {
            unflushed = false;
            udp.flush();
        }
        if (!tcpUnflushed.isEmpty()) {
            tcpUnflushed.forEach(Channel::flush);
            tcpUnflushed.clear();
        }
        long tableBytes = core.registrationTableBytes();
        if (tableBytes != publishedTableBytes) {
            metrics.addRegistrationTableBytes(tableBytes - publishedTableBytes);
            publishedTableBytes = tableBytes;
        }
        long resultsBytes = core.connectResultsBytes();
        if (resultsBytes != publishedResultsBytes) {
            metrics.addConnectResultsBytes(resultsBytes - publishedResultsBytes);
            publishedResultsBytes = resultsBytes;
        }
        timer.arm(loop, core.nextTimeout());
    }
}
