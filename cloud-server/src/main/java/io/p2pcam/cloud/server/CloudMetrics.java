package io.p2pcam.cloud.server;

import io.p2pcam.cloud.core.CloudEvents;
import io.p2pcam.cloud.core.DropReason;
import io.p2pcam.cloud.core.PassVerdict;
import io.p2pcam.cloud.server.PrometheusText.Type;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntToLongFunction;

/**
 * The cloud's counters, fed by the rendezvous core through {@link CloudEvents} on the event loop
 * and read by any thread: the {@code /metrics} scrape ({@link #scrape()}), tests and benchmarks.
 * Every counter is an atomic, plus, for those bumped per datagram, the sum of every event loop's
 * own {@link LoopCounters} (fed by its core's {@link ShardEvents}); every labelled family is an array indexed by the enum's ordinal, so
 * that each label appears from the start, at zero. Thread-safe.
 */
public final class CloudMetrics implements CloudEvents {
    private static final String PREFIX = "p2pcam_";
    /** What a presented pass can be found: NONE is a request without one, never counted. */
    private static final PassVerdict[] PRESENTED_PASS_VERDICTS = Arrays.stream(PassVerdict.values())
            .filter(verdict -> verdict != PassVerdict.NONE)
            .toArray(PassVerdict[]::new);

    private final UdpTransport transport;
    private final UdpIo udpIo;
    private final long startedNanos = System.nanoTime();
    private final AtomicLong packetsIn = new AtomicLong();
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong packetsOut = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    private final AtomicLongArray drops = new AtomicLongArray(DropReason.values().length);
    private final AtomicLongArray registrations = new AtomicLongArray(RegistrationOutcome.values().length);
    private final AtomicLongArray lookups = new AtomicLongArray(LookupOutcome.values().length);
    private final AtomicLongArray connects = new AtomicLongArray(ConnectOutcome.values().length);
    private final AtomicLongArray cluster = new AtomicLongArray(ClusterOutcome.values().length);
    private final AtomicLongArray connectPasses = new AtomicLongArray(PassVerdict.values().length);
    private final AtomicLong keepalivesKnown = new AtomicLong();
    private final AtomicLong keepalivesUnknown = new AtomicLong();
    private final AtomicInteger camerasOnline = new AtomicInteger();
    private final AtomicLong relayedBytes = new AtomicLong();
    private final AtomicInteger relaySessions = new AtomicInteger();
    private final AtomicLong registrationTableBytes = new AtomicLong();
    private final AtomicLong connectResultsBytes = new AtomicLong();
    private final AtomicLong handoffsDropped = new AtomicLong();
    private final AtomicLong udpUnsent = new AtomicLong();
    private final AtomicLong relayPathsValidated = new AtomicLong();
    private volatile int tcpConnections;
    private final AtomicLong tcpRefused = new AtomicLong();
    private final AtomicLong tcpTimedOut = new AtomicLong();
    private final AtomicLong tcpDroppedDatagrams = new AtomicLong();
    private final AtomicLong tcpClosedDropped = new AtomicLong();
    /** Each event loop's per-datagram counters, added to the atomics above when read. */
    private final List<LoopCounters> loops = new CopyOnWriteArrayList<>();

    /** Metrics of a cloud whose UDP port Netty's channel serves on {@code transport}. */
    public CloudMetrics(UdpTransport transport) {
        this(transport, UdpIo.NETTY);
    }

    /** Metrics of a cloud whose UDP port {@code udpIo} serves on {@code transport}'s event loops. */
    public CloudMetrics(UdpTransport transport, UdpIo udpIo) {
        this.transport = transport;
        this.udpIo = udpIo;
    }

    /** A new set of per-datagram counters for one event loop's core, summed into every reading from now on. */
    LoopCounters newLoopCounters() {
        LoopCounters counters = new LoopCounters();
        loops.add(counters);
        return counters;
    }

    /** {@code shared}'s count plus cell {@code cell} of every loop's counters. */
    private long withLoops(long shared, int cell) {
        long sum = shared;
        for (LoopCounters loop : loops) {
            sum += loop.get(cell);
        }
        return sum;
    }

    @Override
    public void received(int bytes) {
        packetsIn.incrementAndGet();
        bytesIn.addAndGet(bytes);
    }

    @Override
    public void sent(int bytes) {
        packetsOut.incrementAndGet();
        bytesOut.addAndGet(bytes);
    }

    @Override
    public void relayed(int bytes) {
        relayedBytes.addAndGet(bytes);
    }

    @Override
    public void relayPathValidated() {
        relayPathsValidated.incrementAndGet();
    }

    /** TCP connections open now (the front door publishes it on the event loop). */
    void tcpConnections(int count) {
        tcpConnections = count;
    }

    /** A TCP connection closed as it arrived: over the total or the per-source cap. */
    void tcpRefused() {
        tcpRefused.incrementAndGet();
    }

    /** A TCP connection closed for idling, trickling a datagram or not reading. */
    void tcpTimedOut() {
        tcpTimedOut.incrementAndGet();
    }

    /** A datagram not written to a TCP client whose output buffer was full. */
    void tcpDroppedDatagram() {
        tcpDroppedDatagrams.incrementAndGet();
    }

    /** Bytes the relay forwarded so far. */
    public long relayedBytes() {
        return relayedBytes.get();
    }

    public long tcpRefusedTotal() {
        return tcpRefused.get();
    }

    public long tcpTimedOutTotal() {
        return tcpTimedOut.get();
    }

    /** A datagram for a TCP client whose connection closed, dropped (never sent over UDP instead). */
    void tcpClosedDropped() {
        tcpClosedDropped.incrementAndGet();
    }

    public long tcpClosedDroppedTotal() {
        return tcpClosedDropped.get();
    }

    public int tcpConnectionsOpen() {
        return tcpConnections;
    }

    public long tcpDroppedDatagramsTotal() {
        return tcpDroppedDatagrams.get();
    }

    @Override
    public void relaySessions(int count) {
        relaySessions.set(count);
    }

    /** One core's relay sessions changed by {@code delta} (several cores share these metrics). */
    void addRelaySessions(int delta) {
        relaySessions.addAndGet(delta);
    }

    /** One core's registrations changed by {@code delta} (several cores share these metrics). */
    void addCamerasOnline(int delta) {
        camerasOnline.addAndGet(delta);
    }

    /** A datagram for another event loop's core was dropped because that loop was too far behind. */
    void handoffDropped() {
        handoffsDropped.incrementAndGet();
    }

    public long handoffsDropped() {
        return handoffsDropped.get();
    }

    /** Datagrams the native UDP edge could not send: its socket's send buffer was full, or the address refused. */
    void udpUnsent(long datagrams) {
        udpUnsent.addAndGet(datagrams);
    }

    public long udpUnsentTotal() {
        return udpUnsent.get();
    }

    @Override
    public void dropped(DropReason reason) {
        drops.incrementAndGet(reason.ordinal());
    }

    @Override
    public void registration(RegistrationOutcome outcome) {
        registrations.incrementAndGet(outcome.ordinal());
    }

    @Override
    public void keepalive(boolean known) {
        (known ? keepalivesKnown : keepalivesUnknown).incrementAndGet();
    }

    @Override
    public void lookup(LookupOutcome outcome) {
        lookups.incrementAndGet(outcome.ordinal());
    }

    @Override
    public void connect(ConnectOutcome outcome) {
        connects.incrementAndGet(outcome.ordinal());
    }

    @Override
    public void connectPass(PassVerdict verdict) {
        connectPasses.incrementAndGet(verdict.ordinal());
    }

    @Override
    public void camerasOnline(int count) {
        camerasOnline.set(count);
    }

    /** Published by the event loop, which alone may ask the core. */
    void registrationTableBytes(long bytes) {
        registrationTableBytes.set(bytes);
    }

    /** One core's table grew or shrank by {@code delta} bytes (several cores share these metrics). */
    void addRegistrationTableBytes(long delta) {
        registrationTableBytes.addAndGet(delta);
    }

    /** One core's kept connect results grew or shrank by {@code delta} bytes. */
    void addConnectResultsBytes(long delta) {
        connectResultsBytes.addAndGet(delta);
    }

    public long connectResultsBytes() {
        return connectResultsBytes.get();
    }

    public long packetsIn() {
        return withLoops(packetsIn.get(), LoopCounters.PACKETS_IN);
    }

    public long packetsOut() {
        return withLoops(packetsOut.get(), LoopCounters.PACKETS_OUT);
    }

    /** Connect requests with this outcome so far. */
    @Override
    public void cluster(ClusterOutcome outcome) {
        cluster.incrementAndGet(outcome.ordinal());
    }

    /** How often a cluster node did {@code outcome} for cameras other nodes hold. */
    public long clusterEvents(ClusterOutcome outcome) {
        return cluster.get(outcome.ordinal());
    }

    public long connects(ConnectOutcome outcome) {
        return connects.get(outcome.ordinal());
    }

    /** Cloud passes presented so far with this verdict. */
    public long connectPasses(PassVerdict verdict) {
        return connectPasses.get(verdict.ordinal());
    }

    public long drops(DropReason reason) {
        return withLoops(drops.get(reason.ordinal()), LoopCounters.DROPS + reason.ordinal());
    }

    /** Drops of every reason together. */
    public long dropsTotal() {
        long sum = 0;
        for (DropReason reason : DropReason.values()) {
            sum += drops(reason);
        }
        return sum;
    }

    public long registrations(RegistrationOutcome outcome) {
        return registrations.get(outcome.ordinal());
    }

    public int camerasOnline() {
        return camerasOnline.get();
    }

    public long registrationTableBytes() {
        return registrationTableBytes.get();
    }

    public UdpTransport transport() {
        return transport;
    }

    public UdpIo udpIo() {
        return udpIo;
    }

    /** The UDP edge in logs and metrics: {@code native} (FFM socket on epoll loops), else the transport's label. */
    public String transportLabel() {
        return udpIo == UdpIo.NATIVE ? "native" : transport.label();
    }

    /** Every metric in the Prometheus text format, as {@code GET /metrics} serves it. */
    public String scrape() {
        PrometheusText text = new PrometheusText();
        text.family(PREFIX + "cameras_online", Type.GAUGE, "Cameras registered and not expired.")
                .sample(PREFIX + "cameras_online", camerasOnline.get());
        labelled(
                text,
                "registrations_total",
                "Registration steps by outcome.",
                "outcome",
                RegistrationOutcome.values(),
                registrations::get);
        text.family(PREFIX + "keepalives_total", Type.COUNTER, "Keepalives, by whether the camera was registered.")
                .sample(
                        PREFIX + "keepalives_total",
                        "known",
                        "true",
                        withLoops(keepalivesKnown.get(), LoopCounters.KEEPALIVES_KNOWN))
                .sample(
                        PREFIX + "keepalives_total",
                        "known",
                        "false",
                        withLoops(keepalivesUnknown.get(), LoopCounters.KEEPALIVES_UNKNOWN));
        labelled(
                text,
                "lookups_total",
                "Lookups by outcome.",
                "outcome",
                LookupOutcome.values(),
                i -> withLoops(lookups.get(i), LoopCounters.LOOKUPS + i));
        labelled(
                text,
                "connect_requests_total",
                "Connect brokering steps by outcome.",
                "outcome",
                ConnectOutcome.values(),
                connects::get);
        labelled(
                text,
                "connect_passes_total",
                "Cloud passes presented by paired viewers, by verdict (passed ones skip the per-camera cap).",
                "verdict",
                PRESENTED_PASS_VERDICTS,
                connectPasses::get);
        labelled(
                text,
                "cluster_total",
                "What a cluster node did for cameras other nodes hold (all zero on a node alone).",
                "event",
                ClusterOutcome.values(),
                cluster::get);
        labelled(
                text,
                "drops_total",
                "Datagrams dropped without being acted on, by reason.",
                "reason",
                DropReason.values(),
                i -> drops(DropReason.values()[i]));
        text.family(PREFIX + "relay_sessions", Type.GAUGE, "Relay sessions held (--relay).")
                .sample(PREFIX + "relay_sessions", relaySessions.get());
        counter(
                text,
                "relayed_bytes_total",
                "Bytes forwarded by the relay (end-to-end encrypted frames).",
                relayedBytes.get());
        counter(
                text,
                "relay_paths_validated_total",
                "Relay sides moved to a new address after answering the relay's challenge.",
                relayPathsValidated.get());
        gauge(text, "tcp_connections", "TCP connections open.", tcpConnections);
        counter(
                text,
                "tcp_refused_total",
                "TCP connections closed on arrival: over the total or the per-source cap.",
                tcpRefused.get());
        counter(
                text,
                "tcp_timed_out_total",
                "TCP connections closed for idling, trickling a datagram, or not reading.",
                tcpTimedOut.get());
        counter(
                text,
                "tcp_dropped_datagrams_total",
                "Datagrams not sent to a TCP client whose output buffer was full.",
                tcpDroppedDatagrams.get());
        counter(
                text,
                "tcp_closed_dropped_total",
                "Datagrams for a TCP client whose connection had closed, dropped rather than sent over UDP.",
                tcpClosedDropped.get());
        counter(
                text,
                "handoffs_dropped_total",
                "Datagrams for another event loop's cameras dropped because that loop was too far behind.",
                handoffsDropped.get());
        counter(
                text,
                "udp_unsent_total",
                "Datagrams the native UDP edge did not send: the socket's send buffer was full, or the address refused.",
                udpUnsent.get());
        counter(text, "packets_in_total", "Datagrams received.", packetsIn());
        counter(text, "packets_out_total", "Datagrams sent.", packetsOut());
        counter(text, "bytes_in_total", "UDP payload bytes received.", withLoops(bytesIn.get(), LoopCounters.BYTES_IN));
        counter(text, "bytes_out_total", "UDP payload bytes sent.", withLoops(bytesOut.get(), LoopCounters.BYTES_OUT));
        gauge(
                text,
                "registration_table_bytes",
                "Memory held by the registration table, outside the heap (it counts against -XX:MaxDirectMemorySize).",
                registrationTableBytes.get());
        gauge(
                text,
                "connect_results_bytes",
                "Memory held by the connect results kept 5 s for repeated requests, outside the heap (it counts"
                        + " against -XX:MaxDirectMemorySize).",
                connectResultsBytes.get());
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        gauge(text, "jvm_heap_used_bytes", "JVM heap in use.", heap.getUsed());
        gauge(text, "jvm_heap_committed_bytes", "JVM heap committed.", heap.getCommitted());
        text.family(PREFIX + "uptime_seconds", Type.GAUGE, "Seconds since the server started.")
                .sample(PREFIX + "uptime_seconds", (System.nanoTime() - startedNanos) / 1e9);
        text.family(PREFIX + "transport", Type.GAUGE, "The UDP transport in use (1 for the one in use).")
                .sample(PREFIX + "transport", "type", transportLabel(), 1);
        return text.toString();
    }

    private static void labelled(
            PrometheusText text,
            String name,
            String help,
            String label,
            Enum<?>[] values,
            IntToLongFunction countByOrdinal) {
        text.family(PREFIX + name, Type.COUNTER, help);
        for (Enum<?> value : values) {
            text.sample(
                    PREFIX + name,
                    label,
                    value.name().toLowerCase(Locale.ROOT),
                    countByOrdinal.applyAsLong(value.ordinal()));
        }
    }

    private static void counter(PrometheusText text, String name, String help, long value) {
        text.family(PREFIX + name, Type.COUNTER, help).sample(PREFIX + name, value);
    }

    private static void gauge(PrometheusText text, String name, String help, long value) {
        text.family(PREFIX + name, Type.GAUGE, help).sample(PREFIX + name, value);
    }
}
