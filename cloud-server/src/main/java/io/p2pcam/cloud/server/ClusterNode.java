package io.p2pcam.cloud.server;

import io.p2pcam.cloud.core.ClusterCommand;
import io.p2pcam.cloud.core.Rendezvous;
import io.p2pcam.cloud.core.ShardRouter;
import io.p2pcam.cloud.server.PrometheusText.Type;
import io.p2pcam.protocol.identity.CameraId;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge of a clustered node: carries out what its cores ask of the registry and of the other
 * nodes ({@link ClusterCommand}), and brings the answers back to the core that owns the camera, on
 * that core's event loop. Keeps the node's membership alive with a heartbeat every
 * {@value #HEARTBEAT_MILLIS} ms, which is also how it knows whether the registry is reachable:
 * while it is not, the node is <em>degraded</em> (it keeps serving its own cameras, says so in
 * {@code /healthz} and {@code /metrics}, and keeps trying); when the registry comes back having
 * forgotten the node (Redis restarted, or this node was cut off longer than its membership), every
 * core publishes its cameras again within 5 s; when it comes back still knowing the node (a shorter
 * outage), every core writes again only the cameras whose writes failed meanwhile. Failed writes
 * reach their core in one batch per heartbeat ({@link FailedWrites}), so a Redis that hangs costs
 * each event loop a task a second, not one per write.
 *
 * <p>Thread-safe: commands arrive on the event loops, registry answers on Lettuce's threads, the
 * heartbeat on a thread of its own, and connections are made and closed on another
 * ({@link RegistryConnector}), so that the heartbeat keeps its period while the registry hangs.
 */
final class ClusterNode implements AutoCloseable {
    static final long HEARTBEAT_MILLIS = 1_000;
    /** Failed camera writes kept per core between heartbeats; past it the core republishes everything. */
    static final int MAX_FAILED_WRITES_PER_CORE = 65_536;

    /**
     * A registry that has answered no heartbeat for this long is hung (SIGSTOP, a network black
     * hole): the node drops its connections and reconnects, so that the commands Lettuce keeps for
     * it never fill its request queue. Three heartbeats.
     */
    static final long HANG_MILLIS = 3 * HEARTBEAT_MILLIS;

    private static final long CONNECT_RETRY_MILLIS = 2_000;
    private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);

    private final ClusterSettings settings;
    private final List<RendezvousHandler> handlers;
    private final ShardRouter router;
    private final LongSupplier monotonicMillis;
    private final ScheduledExecutorService timer;
    private volatile RedisRegistry registry;
    private volatile boolean up;
    /** Why the registry that answered cannot serve (its last failure), not a reachability problem; null if none. */
    private volatile RegistryUnusableException unusable;
    /** When the registry last answered a heartbeat, or was connected (monotonic ms). */
    private volatile long lastAnswer;
    /** Counted across the connections the node makes: a hang replaces one. */
    private final RegistryCounters counters = RegistryCounters.ofProcessStartedAt(System.currentTimeMillis());
    /** Connections dropped because the registry hung. */
    private final AtomicLong dropped = new AtomicLong();

    private volatile Set<String> liveNodes = Set.of();
    private volatile boolean closed;
    private long lastConnectAttempt = Long.MIN_VALUE / 2;
    private final AtomicLong messagesOut = new AtomicLong();
    private final AtomicLong messagesIn = new AtomicLong();
    private final AtomicLong badMessages = new AtomicLong();
    private final AtomicLong lostContact = new AtomicLong();
    /** Per core (as {@link #handlers}): its cameras whose writes failed since the last heartbeat. */
    private final List<FailedWrites> failedWrites;
    /** Says, spaced out, how many commands the registry refused unsent; on the heartbeat's thread. */
    private final RefusedCommandsLog refusals;
    /** Says, spaced out, that the registry cannot be used and why. */
    private final RegistryDownLog downLog;
    /** Tasks this node has put on the cores' event loops: what the registry's answers cost them. */
    private final AtomicLong loopTasks = new AtomicLong();
    /** Heartbeats taken so far. */
    private final AtomicLong heartbeats = new AtomicLong();
    /** Connects and closes off the heartbeat's thread: both block against a registry that hangs. */
    private final RegistryConnector connector = new RegistryConnector();

    ClusterNode(
            ClusterSettings settings,
            List<RendezvousHandler> handlers,
            ShardRouter router,
            LongSupplier monotonicMillis) {
        this.settings = settings;
        this.handlers = List.copyOf(handlers);
        this.router = router;
        this.monotonicMillis = monotonicMillis;
        this.refusals = new RefusedCommandsLog(log, settings.registryServers());
        this.downLog = new RegistryDownLog(log, settings.registryServers(), settings.nodeAddress());
        this.failedWrites = handlers.stream()
                .map(handler -> new FailedWrites(MAX_FAILED_WRITES_PER_CORE))
                .toList();
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "p2pcam-cluster");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Connects if it can (a node starts degraded when Redis is away, and connects when it comes) and starts the heartbeat. */
    void start() {
        timer.scheduleWithFixedDelay(this::beat, 0, HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS);
    }

    String name() {
        return settings.nodeAddress();
    }

    /** The members of the cluster at the last heartbeat (this node included), empty before the first. */
    Set<String> liveNodes() {
        return liveNodes;
    }

    /** Camera writes to the registry completed so far. */
    long registryWrites() {
        return counters.writes().get();
    }

    /** Registry commands that failed so far (0 before the node first reached its registry). */
    long registryFailures() {
        return counters.failures().get();
    }

    /** Commands Lettuce refused at its full request queue so far. */
    long registryQueueFull() {
        return counters.queueFull().get();
    }

    /** Connections to the registry dropped so far because it hung. */
    long registryDropped() {
        return dropped.get();
    }

    /** Whether the registry answered the last heartbeat. */
    boolean registryUp() {
        return up;
    }

    /** Why the node is degraded, for {@code /healthz}; null while the registry answers. */
    String degradedBecause() {
        if (up) {
            return null;
        }
        RegistryUnusableException why = unusable;
        return why != null ? why.health() : "cluster registry unreachable";
    }

    /** Heartbeats taken so far, whether or not the registry answered them. */
    long heartbeats() {
        return heartbeats.get();
    }

    /** Attempts to connect to the registry that have ended so far (connected or failed). */
    long connectsEnded() {
        return connector.ended();
    }

    /** Whether an attempt to connect to the registry is under way now. */
    boolean connecting() {
        return connector.underWay();
    }

    /** Tasks put on the cores' event loops so far (thread-safe). */
    long loopTasks() {
        return loopTasks.get();
    }

    /** A core's command (on its event loop). Failed writes go back to the core, to retry when the registry answers; reads fail at once without a registry. */
    void execute(ClusterCommand command) {
        RedisRegistry redis = registry;
        switch (command) {
            case ClusterCommand.Publish publish ->
                retryIfFailed(publish.id(), redis == null ? null : redis.publish(publish.id(), publish.key()));
            case ClusterCommand.Withdraw withdraw ->
                retryIfFailed(withdraw.id(), redis == null ? null : redis.withdraw(withdraw.id()));
            case ClusterCommand.Resolve resolve -> {
                if (redis == null) {
                    onLoop(ownerOf(resolve.id()), core -> core.resolved(resolve.id(), null, true, now()));
                    return;
                }
                redis.resolve(resolve.id())
                        .whenComplete((entry, failure) -> onLoop(
                                ownerOf(resolve.id()),
                                core -> core.resolved(resolve.id(), entry, failure != null, now())));
            }
            case ClusterCommand.ForwardConnect connect -> {
                if (redis == null) {
                    return;
                }
                messagesOut.incrementAndGet();
                // Nobody listening on the holder's inbox: it died before its membership lapsed.
                // The core passes it over at once and hands the request to the camera's other home.
                redis.send(connect.node(), NodeMessage.encode(connect, name())).whenComplete((listeners, failure) -> {
                    if (failure == null && listeners == 0) {
                        onLoop(ownerOf(connect.camera()), core -> core.nodeUnreachable(connect.node(), now()));
                    }
                });
            }
            case ClusterCommand.ReturnResult result -> send(redis, result.node(), NodeMessage.encode(result));
        }
    }

    /**
     * A camera write that failed (or could not be made: no registry yet) is written again when the
     * registry answers: its core learns of it at the next heartbeat, with the others that failed.
     */
    private void retryIfFailed(CameraId id, CompletionStage<?> write) {
        FailedWrites failed = failedWrites.get(shardOf(id));
        if (write == null) {
            failed.failed(id);
            return;
        }
        write.whenComplete((done, failure) -> {
            if (failure != null) {
                failed.failed(id);
            }
        });
    }

    /** Once a heartbeat: each core gets the writes of its cameras that failed since the last, in one task. */
    private void handFailedWritesToCores() {
        for (int i = 0; i < handlers.size(); i++) {
            FailedWrites.Batch batch = failedWrites.get(i).take();
            if (batch != null) {
                onLoop(handlers.get(i), core -> core.registryWritesFailed(batch.cameras(), batch.overflowed()));
            }
        }
    }

    private void onLoop(RendezvousHandler handler, Consumer<Rendezvous> task) {
        loopTasks.incrementAndGet();
        handler.onLoop(task);
    }

    private void send(RedisRegistry redis, String node, byte[] message) {
        if (redis != null) {
            messagesOut.incrementAndGet();
            redis.send(node, message);
        }
    }

    /** A message from another node's inbox (a Lettuce thread). */
    void received(byte[] message) {
        messagesIn.incrementAndGet();
        switch (NodeMessage.decode(message)) {
            case NodeMessage.Connect c ->
                onLoop(
                        ownerOf(c.camera()),
                        core -> core.remoteConnect(
                                c.origin(), c.exchange(), c.viewer(), c.requestBytes(), c.request(), now()));
            case NodeMessage.Result r ->
                onLoop(ownerOf(r.camera()), core -> core.remoteResult(r.exchange(), r.result(), now()));
            case null, default -> badMessages.incrementAndGet();
        }
    }

    private RendezvousHandler ownerOf(CameraId id) {
        return handlers.get(shardOf(id));
    }

    private int shardOf(CameraId id) {
        return router.shards() == 1 ? 0 : router.shardOf(id);
    }

    private long now() {
        return monotonicMillis.getAsLong();
    }

    private void beat() {
        if (closed) {
            return;
        }
        heartbeats.incrementAndGet();
        // Before the heartbeat: the retry its answer starts on each loop then includes them.
        handFailedWritesToCores();
        RedisRegistry redis = registry;
        if (redis != null && (redis.overflowed() || now() - lastAnswer > HANG_MILLIS)) {
            drop(redis);
            redis = null;
        }
        if (redis == null) {
            connect();
            return;
        }
        refusals.refusedSoFar(counters.refused().get(), now());
        redis.heartbeat().whenComplete((beat, failure) -> {
            if (failure != null) {
                down(failure);
                return;
            }
            lastAnswer = now();
            if (!up) {
                up = true;
                log.info("cluster registry reachable: node {} serves the whole cluster", name());
            }
            Set<String> live = beat.liveNodes();
            liveNodes = live;
            for (RendezvousHandler handler : handlers) {
                onLoop(handler, core -> {
                    core.liveNodes(live);
                    if (beat.forgotten()) {
                        core.republishAll(now());
                    } else {
                        core.registryAnswered(now());
                    }
                });
            }
        });
    }

    /** Starts an attempt to connect, off this (the heartbeat's) thread, unless one is under way or began lately. */
    private void connect() {
        long now = now();
        if (connector.underWay() || now - lastConnectAttempt < CONNECT_RETRY_MILLIS) {
            return;
        }
        lastConnectAttempt = now;
        connector.tryConnect(
                () -> new RedisRegistry(settings, System::currentTimeMillis, this::received, counters),
                this::connected,
                this::down);
    }

    /** An attempt connected (on the connector's thread). */
    private void connected(RedisRegistry connected) {
        if (closed) {
            connected.close();
            return;
        }
        lastAnswer = now();
        registry = connected;
        log.info("cluster registry {} connected", settings.registryServers());
    }

    /**
     * Why the registry failed, for an operator: the innermost cause's words ("Connection refused",
     * "NOAUTH Authentication required.") rather than Lettuce's exception classes and its
     * "127.0.0.1/<unresolved>:6379" for the address, which the log line names as the settings do.
     */
    static String why(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        if (message == null || message.isBlank()) {
            return root.getClass().getSimpleName();
        }
        // Netty's "Connection refused: /127.0.0.1:1": the address is in the log line already.
        return message.replaceFirst(": /?[^ ]*:\\d+$", "").strip();
    }

    /**
     * Drops the connections to a registry that hangs: Lettuce fails what they hold (those camera
     * writes reach their cores as failed, to be written again when the registry answers), and the
     * node, degraded meanwhile, serves its own cameras and reconnects by itself.
     */
    private void drop(RedisRegistry redis) {
        registry = null;
        dropped.incrementAndGet();
        log.warn(
                "cluster registry {} answered nothing for {} ms ({} commands unanswered): node {} drops the connection and reconnects",
                settings.registryServers(),
                now() - lastAnswer,
                redis.unanswered(),
                name());
        up = false;
        connector.closeLater(redis);
    }

    /** The registry failed (a heartbeat, or an attempt to connect): the node is degraded. */
    private void down(Throwable failure) {
        boolean wasUp = up;
        if (wasUp || lostContact.get() == 0) {
            lostContact.incrementAndGet();
        }
        up = false;
        unusable = RegistryUnusableException.causeOf(failure);
        downLog.failed(failure, wasUp, now());
    }

    /** The cluster's metrics, appended to {@code /metrics}. */
    void scrape(PrometheusText text) {
        text.family("p2pcam_cluster_registry_up", Type.GAUGE, "1 while the cluster registry answers, 0 when degraded.")
                .sample("p2pcam_cluster_registry_up", up ? 1 : 0);
        text.family(
                        "p2pcam_cluster_registry_lost_total",
                        Type.COUNTER,
                        "Times the registry stopped answering (the node went degraded).")
                .sample("p2pcam_cluster_registry_lost_total", lostContact.get());
        text.family(
                        "p2pcam_cluster_registry_operations_total",
                        Type.COUNTER,
                        "Registry operations completed: camera writes (publish, withdraw), camera reads, messages to nodes; "
                                + "failed ones; and of those, refused unsent (Redis not keeping up, or away).")
                .sample(
                        "p2pcam_cluster_registry_operations_total",
                        "kind",
                        "write",
                        counters.writes().get())
                .sample(
                        "p2pcam_cluster_registry_operations_total",
                        "kind",
                        "read",
                        counters.reads().get())
                .sample(
                        "p2pcam_cluster_registry_operations_total",
                        "kind",
                        "message",
                        counters.messages().get())
                .sample(
                        "p2pcam_cluster_registry_operations_total",
                        "kind",
                        "failed",
                        counters.failures().get())
                .sample(
                        "p2pcam_cluster_registry_operations_total",
                        "kind",
                        "refused",
                        counters.refused().get());
        text.family(
                        "p2pcam_cluster_registry_dropped_total",
                        Type.COUNTER,
                        "Connections to the registry dropped because it answered nothing for "
                                + HANG_MILLIS / 1_000
                                + " s, or held as many commands as it may, some of them timed out; the node reconnects.")
                .sample("p2pcam_cluster_registry_dropped_total", dropped.get());
        text.family("p2pcam_cluster_node_messages_total", Type.COUNTER, "Messages to and from other nodes.")
                .sample("p2pcam_cluster_node_messages_total", "direction", "out", messagesOut.get())
                .sample("p2pcam_cluster_node_messages_total", "direction", "in", messagesIn.get())
                .sample("p2pcam_cluster_node_messages_total", "direction", "bad", badMessages.get());
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        connector.close();
        RedisRegistry redis = registry;
        if (redis != null) {
            redis.close();
        }
    }
}
