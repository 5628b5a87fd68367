package io.p2pcam.cloud.server;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.p2pcam.cloud.core.ClusterEntry;
import io.p2pcam.cloud.core.ClusterLimits;
import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraPublicKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The cluster's shared registry in Redis (or Valkey), through Lettuce on its own Netty threads,
 * asynchronous throughout: nothing here ever blocks a cloud event loop. What it keeps (docs/ADMIN.md,
 * "Running a cluster"):
 *
 * <pre>
 * p2pcam:cam:&lt;camera id, hex&gt;  hash  key = the camera's 64-byte public key
 *                                     n:&lt;node&gt; = until when (Unix ms) that node holds the camera
 *                                     s:&lt;node&gt; = the number of that node's last write of it ({@link CameraWriteScripts})
 *                                     (the whole key expires three refresh periods after its last write)
 * p2pcam:nodes                   hash  &lt;node&gt; = until when (Unix ms) the node is a member
 * p2pcam:node-beats              hash  &lt;node&gt; = the number of the node's last heartbeat ({@link MembershipScript})
 * p2pcam:node-numbers            hash  &lt;node&gt; = where the node's next connection's numbers start ({@link NumbersScript}; kept)
 * p2pcam:node:&lt;node&gt;           pub/sub channel: the node's inbox ({@link NodeMessage})
 * </pre>
 *
 * Time stamps are the writer's wall clock: nodes keep their clocks in step (NTP); a skew of a few
 * seconds only shifts when a dead node's entries stop counting. Commands fail fast (never queue)
 * while Redis is unreachable, and Lettuce reconnects by itself. Thread-safe.
 */
final class RedisRegistry implements AutoCloseable {
    /** A camera's entry lives this long after its holder last wrote it: three refresh periods. */
    private final long cameraTtlMillis;
    /** A node's membership lives this long after its last heartbeat. */
    static final long NODE_TTL_MILLIS = 5_000;

    static final String NODES = "p2pcam:nodes";
    static final String NODE_BEATS = "p2pcam:node-beats";
    static final String NODE_NUMBERS = "p2pcam:node-numbers";

    private static final String KEY_FIELD = "key";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);
    private static final int CONNECT_TIMEOUT_SECONDS = 2;
    /**
     * What Lettuce's refusal of a command past its request queue says (it has no type of its own):
     * "Request queue size exceeded: N" for commands not yet written, "Internal stack size exceeded:
     * N" for commands written and unanswered, timed-out ones among them.
     */
    private static final String QUEUE_FULL = " size exceeded: ";
    /** Why a write is refused when writes outran both heartbeats and {@link #reserveMoreIfLow}. */
    private static final String NUMBERS_SPENT = "write numbers reserved in Redis are spent (more are asked for)";

    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final RedisClient client;
    private final String self;
    private final LongSupplier wallMillis;
    private final StatefulRedisConnection<String, byte[]> connection;
    private final StatefulRedisPubSubConnection<String, byte[]> inbox;
    private final RedisAsyncCommands<String, byte[]> redis;
    /** Camera writes (publish or withdraw: one EVALSHA each, applied or refused as stale) completed. */
    final AtomicLong writes;
    /** Camera reads (HGETALL) completed. */
    final AtomicLong reads;
    /** Messages to other nodes (PUBLISH) completed. */
    final AtomicLong messages;
    /** Commands that failed (Redis unreachable, timed out, or refused). */
    final AtomicLong failures;
    /**
     * Commands refused without being sent, counted in {@link #failures} too: a camera write past
     * {@link ClusterLimits#writesAwaiting}, a command past {@link #unanswered}'s cap, or a command
     * Lettuce failed at once (its request queue full, or the connection down). Redis is not keeping
     * up, or is away.
     */
    final AtomicLong refused;
    /**
     * Commands Lettuce refused because its request queue was full (counted in {@link #refused}
     * too): what {@link #unanswered} keeps from happening.
     */
    final AtomicLong queueFull;
    /** What the command connection holds unanswered: past its cap the node drops the connection. */
    private final UnansweredCommands unanswered;
    /** Camera writes sent and not answered yet: what a Redis that stops answering makes this node hold. */
    private final WritesAwaiting writesInFlight;
    /** Numbers this connection's camera writes and heartbeats, from a range Redis reserved for it. */
    private final WriteSequence sequence;
    /** How long a write of this node's may still run late: what a withdraw guards against. */
    private final LateWrites lateWrites;
    /** The digests by which EVALSHA names the scripts in this Redis. */
    private final RegistryScripts scripts;

    /**
     * Connects (blocking, at most a few seconds) and subscribes to this node's inbox, with counters of its own.
     *
     * @throws io.lettuce.core.RedisConnectionException when Redis cannot be reached now
     */
    RedisRegistry(ClusterSettings settings, LongSupplier wallMillis, Consumer<byte[]> messages) {
        this(settings, wallMillis, messages, new RegistryCounters());
    }

    /**
     * Connects (blocking, at most {@value #CONNECT_TIMEOUT_SECONDS} s for each connection, also
     * against a Redis that accepts connections and answers nothing) and subscribes to this node's
     * inbox, counting in {@code counters}.
     *
     * @throws io.lettuce.core.RedisConnectionException when Redis cannot be reached now
     * @throws RegistryUnusableException when this Redis refuses Lua scripts, runs in Redis Cluster mode, or is
     *     older than {@link SupportedRedis#MINIMUM}
     */
    RedisRegistry(
            ClusterSettings settings, LongSupplier wallMillis, Consumer<byte[]> messages, RegistryCounters counters) {
        this(settings, wallMillis, messages, counters, WriteSequence.RESERVED_AHEAD);
    }

    /** As above, Redis reserving write numbers {@code reservation} at a time (a test's few). */
    RedisRegistry(
            ClusterSettings settings,
            LongSupplier wallMillis,
            Consumer<byte[]> messages,
            RegistryCounters counters,
            long reservation) {
        this.writes = counters.writes();
        this.reads = counters.reads();
        this.messages = counters.messages();
        this.failures = counters.failures();
        this.refused = counters.refused();
        this.queueFull = counters.queueFull();
        this.lateWrites = counters.lateWrites();
        this.unanswered = new UnansweredCommands(settings.limits().requestQueue());
        this.self = settings.nodeAddress();
        this.cameraTtlMillis = 3 * settings.refreshPeriod().toMillis();
        this.wallMillis = wallMillis;
        // Camera writes awaiting Redis are capped (past it a write fails at once, and its camera is
        // written again when Redis answers) well inside Lettuce's request queue, which bounds all
        // commands sent and unanswered, or buffered, per connection: a Redis that stops answering
        // costs a bounded heap. Lettuce fails a command past its queue without a log line; both
        // refusals count in refused.
        this.writesInFlight = new WritesAwaiting(settings.limits().writesAwaiting());
        RedisURI uri = RedisURI.create(settings.registry());
        // Lettuce waits this long for a connection's handshake and for SUBSCRIBE (60 s by default):
        // a Redis that hangs accepts connections (the kernel does) and answers nothing.
        uri.setTimeout(Duration.ofSeconds(CONNECT_TIMEOUT_SECONDS));
        this.client = RedisClient.create(uri);
        // Whatever a lost connection had sent may still run late (LateWrites); Lettuce reconnects
        // by itself, so this is the one place that sees every loss.
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> lost) {
                lateWrites.connectionLost(wallMillis.getAsLong());
            }
        });
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(settings.limits().requestQueue())
                .socketOptions(SocketOptions.builder()
                        .connectTimeout(Duration.ofSeconds(CONNECT_TIMEOUT_SECONDS))
                        .keepAlive(true)
                        .build())
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .build());
        try {
            this.connection = client.connect(CODEC);
            this.redis = connection.async();
            SupportedRedis.require(connection);
            // Loaded once per connection (a restarted or flushed Redis forgets them: see script()).
            this.scripts = RegistryScripts.load(connection.sync());
            this.sequence = new WriteSequence(
                    NumbersScript.firstNumber(connection.sync(), self, wallMillis.getAsLong(), reservation),
                    reservation);
            this.inbox = client.connectPubSub(CODEC);
            inbox.addListener(new RedisPubSubAdapter<String, byte[]>() {
                @Override
                public void message(String channel, byte[] message) {
                    messages.accept(message);
                }
            });
            inbox.sync().subscribe(inboxOf(self));
        } catch (RuntimeException e) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            throw e;
        }
    }

    static String inboxOf(String node) {
        return "p2pcam:node:" + node;
    }

    static String cameraKey(CameraId id) {
        return "p2pcam:cam:" + HexFormat.of().formatHex(id.toBytes());
    }

    /**
     * This node holds {@code id}: one EVALSHA, which Redis applies unless it holds a newer write of
     * this node's for the camera (then the write completes, changing nothing).
     */
    CompletionStage<?> publish(CameraId id, CameraPublicKey key) {
        long now = wallMillis.getAsLong();
        return write(
                CameraWriteScripts.PUBLISH,
                scripts.publish(),
                id,
                cameraTtlMillis,
                ascii(now + cameraTtlMillis),
                key.toBytes());
    }

    /**
     * This node no longer holds {@code id}: one EVALSHA, applied as {@link #publish}'s is. It keeps
     * the withdraw's number in the entry only as long as a late publish of this node's could still
     * bring the camera back ({@link LateWrites}), else leaves nothing of this node's.
     */
    CompletionStage<?> withdraw(CameraId id) {
        long now = wallMillis.getAsLong();
        return write(CameraWriteScripts.WITHDRAW, scripts.withdraw(), id, lateWrites.guardMillis(now, cameraTtlMillis));
    }

    /**
     * A camera write: the script with this node, the write's number and {@code millis} (how long
     * the entry is to live), then {@code more}; refused at once past {@link ClusterLimits#writesAwaiting}, or
     * when the connection's reserved numbers are spent.
     */
    private CompletionStage<?> write(String text, String digest, CameraId id, long millis, byte[]... more) {
        long number = sequence.nextWrite();
        reserveMoreIfLow();
        if (number < 0 || !writesInFlight.tryReserve()) {
            return refused(number < 0 ? NUMBERS_SPENT : "too many camera writes awaiting Redis");
        }
        byte[][] args = new byte[3 + more.length][];
        args[0] = self.getBytes(StandardCharsets.UTF_8);
        args[1] = ascii(number);
        args[2] = ascii(millis);
        System.arraycopy(more, 0, args, 3, more.length);
        CompletionStage<?> written = script(ScriptOutputType.INTEGER, text, digest, new String[] {cameraKey(id)}, args);
        countWrite(written);
        return written;
    }

    /**
     * Runs a script on {@code keys} by its digest; a Redis that no longer knows it (restarted,
     * failed over, SCRIPT FLUSH) answers NOSCRIPT, and then it is sent whole once (EVAL, which
     * loads it again).
     */
    private <T> CompletableFuture<T> script(
            ScriptOutputType type, String text, String digest, String[] keys, byte[]... args) {
        CompletableFuture<T> run = sent(() -> redis.evalsha(digest, type, keys, args));
        return run.exceptionallyCompose(failure -> cause(failure) instanceof RedisNoScriptException
                ? sent(() -> redis.<T>eval(text, type, keys, args))
                : CompletableFuture.failedFuture(failure));
    }

    /** The camera's key and the nodes whose hold on it has not lapsed; null if none is known. */
    CompletionStage<ClusterEntry> resolve(CameraId id) {
        CompletableFuture<Map<String, byte[]>> read = sent(() -> redis.hgetall(cameraKey(id)));
        count(read, reads);
        return read.thenApply(fields -> {
            byte[] key = fields.get(KEY_FIELD);
            if (key == null || key.length != CameraPublicKey.BYTES) {
                return null;
            }
            long now = wallMillis.getAsLong();
            List<String> nodes = new ArrayList<>(2);
            fields.forEach((field, value) -> {
                if (field.startsWith("n:") && parse(value) > now) {
                    nodes.add(field.substring(2));
                }
            });
            return nodes.isEmpty() ? null : new ClusterEntry(CameraPublicKey.fromBytes(key, 0), nodes);
        });
    }

    /**
     * What a heartbeat learnt: the nodes whose membership has not lapsed (this one included), and
     * whether the registry had forgotten this node (its first heartbeat, a lapse, or a Redis that
     * lost its data): then this node's cameras must be published again.
     */
    record Heartbeat(Set<String> liveNodes, boolean forgotten) {}

    /**
     * Renews this node's membership and reads everyone's, lapsed members removed on the way: one
     * EVALSHA ({@link MembershipScript}), numbered as camera writes are, so that a heartbeat run
     * after a newer one changes nothing.
     */
    CompletionStage<Heartbeat> heartbeat() {
        long now = wallMillis.getAsLong();
        long number = sequence.nextHeartbeat();
        reserveMoreIfLow();
        if (number < 0) { // writes spent the reservation before more came
            return CompletableFuture.failedFuture(new RedisException(NUMBERS_SPENT));
        }
        CompletableFuture<List<Object>> beat = script(
                ScriptOutputType.MULTI,
                MembershipScript.HEARTBEAT,
                scripts.heartbeat(),
                new String[] {NODES, NODE_BEATS, NODE_NUMBERS},
                self.getBytes(StandardCharsets.UTF_8),
                ascii(number),
                ascii(now + NODE_TTL_MILLIS),
                ascii(now),
                ascii(sequence.reservedAfter(number)));
        return beat.thenApply(answer -> {
            sequence.heartbeatAnswered(number);
            Set<String> live = new HashSet<>();
            for (Object member : answer.subList(1, answer.size())) {
                live.add(new String((byte[]) member, StandardCharsets.UTF_8));
            }
            live.add(self);
            return new Heartbeat(live, Long.valueOf(1).equals(answer.get(0)));
        });
    }

    /** Sends {@code message} to {@code node}'s inbox: how many listened (0: the node is gone). */
    CompletionStage<Long> send(String node, byte[] message) {
        CompletionStage<Long> published = sent(() -> redis.publish(inboxOf(node), message));
        count(published, messages);
        return published;
    }

    /** Whether the command connection is up now (Lettuce's view; the heartbeat is the real test). */
    boolean connected() {
        return connection.isOpen() && inbox.isOpen();
    }

    /**
     * {@code command} sent, unless the connection holds {@link UnansweredCommands its cap} of
     * unanswered commands already (then it fails at once, counted in {@link #refused}, and the node
     * drops the connection); counted in {@link #refused} too if Lettuce fails it without sending it.
     */
    private <T> CompletableFuture<T> sent(Supplier<RedisFuture<T>> command) {
        if (!unanswered.trySend()) {
            refused.incrementAndGet();
            return CompletableFuture.failedFuture(new RedisException("too many commands unanswered by Redis"));
        }
        RedisFuture<T> sent = command.get();
        sent.whenComplete((result, failure) -> {
            Throwable cause = failure == null ? null : cause(failure);
            if (cause == null || cause instanceof RedisCommandExecutionException) {
                unanswered.answered();
            } else if (cause instanceof RedisCommandTimeoutException) {
                unanswered.timedOut();
            } else {
                unanswered.gone();
            }
            if (cause != null && refusedUnsent(cause)) {
                refused.incrementAndGet();
                if (String.valueOf(cause.getMessage()).contains(QUEUE_FULL)) {
                    queueFull.incrementAndGet();
                }
            }
        });
        return sent.toCompletableFuture();
    }

    /** Whether this connection once held as many unanswered commands as it may: drop it and reconnect. */
    boolean overflowed() {
        return unanswered.overflowed();
    }

    /** Commands this connection holds unanswered, timed-out ones included. */
    long unanswered() {
        return unanswered.held();
    }

    /**
     * Whether Lettuce failed a command without sending it: its queue full, or the connection down
     * or closed. It says so with a plain {@link RedisException}; what Redis answered, a timeout, and
     * a failed connection come as subclasses.
     */
    static boolean refusedUnsent(Throwable failure) {
        return cause(failure).getClass() == RedisException.class;
    }

    private static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /** A write not sent, {@code because}. */
    private CompletionStage<?> refused(String because) {
        refused.incrementAndGet();
        failures.incrementAndGet();
        return CompletableFuture.failedFuture(new RedisException(because));
    }

    /**
     * Asks Redis for more write numbers ({@link NumbersScript#more}) once writes have spent over
     * half of what it reserved for this connection with no heartbeat answered meanwhile: rather
     * than refuse writes until a reconnect. Refused or failed, it is asked again at the next write.
     */
    private void reserveMoreIfLow() {
        if (sequence.startReserving()) {
            long lowest = Math.max(sequence.nextUnused(), NumbersScript.atClock(wallMillis.getAsLong()));
            this.<Long>sent(() -> NumbersScript.more(redis, self, lowest, sequence.reservation()))
                    .whenComplete((first, failure) -> sequence.reserved(failure == null ? first : null));
        }
    }

    /** A write sent, its place reserved: released when it is answered or fails. */
    private void countWrite(CompletionStage<?> write) {
        write.whenComplete((result, failure) -> writesInFlight.release());
        count(write, writes);
    }

    /** Camera writes sent and not answered (nor failed) yet. */
    long writesInFlight() {
        return writesInFlight.held();
    }

    /** The most camera writes ever awaiting Redis at once. */
    long peakWritesInFlight() {
        return writesInFlight.peak();
    }

    /** Counts a completed command in {@code done}, a failed one in {@link #failures}. */
    private void count(CompletionStage<?> command, AtomicLong done) {
        command.whenComplete((result, failure) -> (failure == null ? done : failures).incrementAndGet());
    }

    private static byte[] ascii(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }

    private static long parse(byte[] value) {
        try {
            return Long.parseLong(new String(value, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        lateWrites.connectionLost(wallMillis.getAsLong());
        inbox.close();
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
