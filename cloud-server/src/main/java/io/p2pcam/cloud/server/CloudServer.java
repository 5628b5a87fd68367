package io.p2pcam.cloud.server;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.p2pcam.cloud.core.CloudConfig;
import io.p2pcam.cloud.core.KnownCameras;
import io.p2pcam.cloud.core.Rendezvous;
import io.p2pcam.cloud.core.Resumption;
import io.p2pcam.cloud.core.ShardRouter;
import io.p2pcam.cloud.core.TicketKeys;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running rendezvous cloud: one UDP channel per event loop on one port (SO_REUSEPORT with epoll;
 * {@code eventLoops} of them, one without epoll), each loop's thread owning the {@link Rendezvous}
 * core of the cameras that hash to it ({@link ShardRouter}, decision 0016), a small pool that checks REGISTER signatures off that loop
 * ({@link SignatureCheckPool}), plus the optional HTTP health and metrics endpoint. The library API for
 * the command line, tests, the demo and the viewer's "host the cloud on this PC":
 *
 * <pre>{@code
 * try (CloudServer cloud = CloudServer.start(CloudServerSettings.loopbackEphemeral())) {
 *     InetSocketAddress where = cloud.udpAddress();
 *     ...
 * }
 * }</pre>
 *
 * Thread-safe. {@link #close()} is idempotent and returns once the event loop has stopped.
 */
public final class CloudServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CloudServer.class);
    private static final long OWN_ADDRESS_REFRESH_SECONDS = 30;
    /** How often a running node looks whether its ticket key is due for rotation (weekly). */
    private static final long KEY_ROTATION_CHECK_MINUTES = 60;

    private static final AtomicBoolean transportLogged = new AtomicBoolean();

    private final CloudServerSettings settings;
    private final EventLoopGroup group;
    private final List<UdpPort> ports;
    private final List<RendezvousHandler> handlers;
    private final Channel tcpChannel;
    private final OperationsEndpoint http;
    private final CloudMetrics metrics;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Null for a node alone. */
    private volatile ClusterNode cluster;

    private CloudServer(
            CloudServerSettings settings,
            EventLoopGroup group,
            List<UdpPort> ports,
            List<RendezvousHandler> handlers,
            Channel tcpChannel,
            OperationsEndpoint http,
            CloudMetrics metrics) {
        this.tcpChannel = tcpChannel;
        this.settings = settings;
        this.group = group;
        this.ports = List.copyOf(ports);
        this.handlers = List.copyOf(handlers);
        this.http = http;
        this.metrics = metrics;
    }

    /**
     * Binds the UDP port (and the HTTP port unless off) and starts serving.
     *
     * @throws PortInUseException if either port is taken, {@link CannotBindException} if an address
     *     or port cannot be bound for another reason an operator fixes (nothing is left running)
     * @throws IOException if binding fails otherwise
     */
    public static CloudServer start(CloudServerSettings settings) throws IOException {
        return start(settings, null);
    }

    /**
     * Starts a node of a cluster (docs/ADMIN.md, "Running a cluster"), or a node alone when
     * {@code clusterSettings} is null. A node whose registry is unreachable starts anyway,
     * degraded, and joins when it can.
     */
    public static CloudServer start(CloudServerSettings settings, ClusterSettings clusterSettings) throws IOException {
        UdpTransport transport = UdpTransport.best();
        UdpIo.Choice io = UdpIo.choose(settings.udpIo(), transport);
        logTransportOnce(transport, io);
        CloudMetrics metrics = new CloudMetrics(transport, io.io());
        MonotonicClock clock = new MonotonicClock();
        LocalAddresses own = new LocalAddresses(settings.bindAddress());
        SecureRandom random = newRandom();
        TicketKeyFile keyFile = settings.stateDirectory() == null
                ? null
                : new TicketKeyFile(
                        settings.stateDirectory(),
                        Resumption.DEFAULT_TICKET_LIFETIME,
                        Resumption.DEFAULT_TICKET_LIFETIME,
                        random);
        long wallOffsetMillis = System.currentTimeMillis() - clock.getAsLong();
        Resumption resumption = keyFile == null
                ? Resumption.ephemeral(random, wallOffsetMillis)
                : new Resumption(
                        keyFile.loadRotating(System.currentTimeMillis() / 1000),
                        Resumption.DEFAULT_TICKET_LIFETIME,
                        wallOffsetMillis,
                        PassSecretFile.loadOrCreate(settings.stateDirectory(), random));
        // Several loops need SO_REUSEPORT (epoll): elsewhere one loop serves the port.
        int loops = transport == UdpTransport.EPOLL ? settings.eventLoops() : 1;
        ShardRouter router = new ShardRouter(loops, random.nextLong());
        CloudConfig shardConfig = settings.cloud().perCore(loops);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(
                loops, new DefaultThreadFactory("p2pcam-udp", true), transport.ioHandlerFactory());
        TcpFrontDoor tcp = new TcpFrontDoor(settings.tcp(), clock, metrics);
        // Each core has its own budget of checks in flight: the queue holds all of them.
        SignatureCheckPool verifier = SignatureCheckPool.of(
                SignatureCheckPool.defaultThreads(), settings.cloud().quotas().maxSignatureChecks() * loops);
        Rendezvous[] cores = new Rendezvous[loops];
        RendezvousHandler[] handlers = new RendezvousHandler[loops];
        for (int i = 0; i < loops; i++) {
            int index = i;
            cores[i] = new Rendezvous(
                    shardConfig,
                    random,
                    new ShardEvents(metrics), // even alone: its per-datagram counters need no atomics
                    clock.getAsLong(),
                    own,
                    resumption,
                    ticket -> router.ownsTicket(index, ticket));
            handlers[i] = new RendezvousHandler(cores[i], metrics, clock, tcp, verifier);
        }
        // Which IDs some core holds, so that a LOOKUP of an unknown one is answered where it was read.
        KnownCameras known =
                loops == 1 ? null : new KnownCameras(settings.cloud().maxCameras(), random.nextLong());
        for (int i = 0; i < loops; i++) {
            if (known != null) {
                cores[i].countCamerasIn(known);
            }
            handlers[i].joinShards(router, i, handlers, known);
        }
        ClusterNode cluster = null;
        if (clusterSettings != null) {
            cluster = new ClusterNode(clusterSettings, List.of(handlers), router, clock);
            // Viewers of connects other nodes hand over send relay frames to this node's public address.
            InetSocketAddress relayAddress =
                    settings.cloud().relayAvailable() ? clusterSettings.resolvedNodeAddress() : null;
            if (settings.cloud().relayAvailable() && relayAddress == null) {
                log.warn(
                        "--node-address {} is no unicast host:port: connects handed over from other nodes get no relay",
                        clusterSettings.nodeAddress());
            }
            for (int i = 0; i < loops; i++) {
                cores[i].joinCluster(
                        clusterSettings.nodeAddress(),
                        clusterSettings.refreshPeriod().toMillis(),
                        relayAddress,
                        clusterSettings.limits());
                handlers[i].joinCluster(cluster);
            }
        }
        ClusterNode clusterNode = cluster;
        group.terminationFuture().addListener(future -> verifier.close());
        List<UdpPort> channels = new ArrayList<>();
        Channel tcpChannel = null;
        try {
            int port = settings.udpPort();
            if (port == 0 && settings.tcpPort() == CloudServerSettings.TCP_SAME_AS_UDP) {
                port = PortPair.freeForBoth(settings.bindAddress()); // the kernel's UDP pick may be TCP's in use
            }
            Iterator<EventExecutor> executors = group.iterator();
            for (int i = 0; i < loops; i++) {
                UdpPort bound = UdpPorts.bind(
                        settings.withUdpPort(port),
                        transport,
                        io.io(),
                        (EventLoop) executors.next(),
                        handlers[i],
                        metrics,
                        loops > 1);
                port = bound.localPort(); // the others join the port the first got
                channels.add(bound);
            }
            own.addPort(port);
        } catch (IOException | RuntimeException e) {
            channels.forEach(UdpPort::stop);
            shutDown(group);
            throw e;
        }
        UdpPort channel = channels.getFirst();
        RendezvousHandler handler = handlers[0];
        if (settings.tcpEnabled()) {
            int tcpPort = settings.tcpPort() == CloudServerSettings.TCP_SAME_AS_UDP
                    ? channel.localPort()
                    : settings.tcpPort();
            try {
                tcpChannel = tcp.bind(
                        channel.eventLoop(),
                        transport,
                        new InetSocketAddress(settings.bindAddress(), tcpPort),
                        handler);
                own.addPort(((InetSocketAddress) tcpChannel.localAddress()).getPort());
            } catch (Exception e) {
                channels.forEach(UdpPort::stop);
                shutDown(group);
                BindException tcpFailure =
                        CannotBindException.of("TCP", settings.bindAddress().getHostAddress(), tcpPort, e);
                if (tcpFailure != null) {
                    throw tcpFailure;
                }
                throw new IOException("cannot bind the TCP port: " + e.getMessage(), e);
            }
        }
        if (keyFile != null) {
            group.scheduleAtFixedRate(
                    () -> rotateTicketKeys(keyFile, channels, cores),
                    KEY_ROTATION_CHECK_MINUTES,
                    KEY_ROTATION_CHECK_MINUTES,
                    TimeUnit.MINUTES);
        }
        // Interfaces come and go (DHCP, VPNs); the relay's idea of "the cloud itself" follows them.
        group.scheduleAtFixedRate(
                own::refresh, OWN_ADDRESS_REFRESH_SECONDS, OWN_ADDRESS_REFRESH_SECONDS, TimeUnit.SECONDS);
        OperationsEndpoint http = null;
        if (settings.httpEnabled()) {
            try {
                http = OperationsEndpoint.start(
                        new InetSocketAddress(settings.httpBindAddress(), settings.httpPort()),
                        settings.http(),
                        () -> health(channels, clusterNode),
                        () -> clusterNode == null ? metrics.scrape() : metrics.scrape() + clusterMetrics(clusterNode));
            } catch (BindException e) {
                channels.forEach(UdpPort::stop);
                shutDown(group);
                BindException httpFailure = CannotBindException.of(
                        "HTTP", settings.httpBindAddress().getHostAddress(), settings.httpPort(), e);
                throw httpFailure != null ? httpFailure : e;
            }
        }
        CloudServer server = new CloudServer(settings, group, channels, List.of(handlers), tcpChannel, http, metrics);
        if (clusterNode != null) {
            server.cluster = clusterNode;
            clusterNode.start();
        }
        return server;
    }

    /** What {@code /healthz} says: null (503) when a UDP channel is closed, "degraded: ..." when a cluster node lost its registry. */
    private static String health(List<UdpPort> channels, ClusterNode cluster) {
        if (!channels.stream().allMatch(UdpPort::isActive)) {
            return null;
        }
        String degraded = cluster == null ? null : cluster.degradedBecause();
        if (degraded != null) {
            return "degraded: " + degraded + ", serving this node's own cameras only";
        }
        return "ok";
    }

    private static String clusterMetrics(ClusterNode cluster) {
        PrometheusText text = new PrometheusText();
        cluster.scrape(text);
        return text.toString();
    }

    /**
     * The UDP address: the bind address as configured (a dual-stack socket would otherwise report
     * 0.0.0.0 as ::) with the actual port (the one the system chose when 0 was asked for).
     */
    public InetSocketAddress udpAddress() {
        return new InetSocketAddress(settings.bindAddress(), ports.getFirst().localPort());
    }

    /** The TCP address in the same form, or empty when TCP is off. */
    public Optional<InetSocketAddress> tcpAddress() {
        return Optional.ofNullable(tcpChannel)
                .map(c -> new InetSocketAddress(
                        settings.bindAddress(), ((InetSocketAddress) c.localAddress()).getPort()));
    }

    /** The HTTP address in the same form, or empty when HTTP is off. */
    public Optional<InetSocketAddress> httpAddress() {
        return Optional.ofNullable(http)
                .map(h -> new InetSocketAddress(
                        settings.httpBindAddress(), h.address().getPort()));
    }

    public CloudMetrics metrics() {
        return metrics;
    }

    public UdpTransport transport() {
        return metrics.transport();
    }

    /** What drives the UDP sockets: {@link UdpIo#NATIVE} unless asked otherwise or unavailable. */
    public UdpIo udpIo() {
        return metrics.udpIo();
    }

    /** The UDP edge in logs: {@code native}, {@code epoll} or {@code nio} (as {@code p2pcam_transport}). */
    public String transportLabel() {
        return metrics.transportLabel();
    }

    /** Whether this cluster node's registry answers (false for a node alone, which has none). */
    public boolean clusterRegistryUp() {
        ClusterNode node = cluster;
        return node != null && node.registryUp();
    }

    /** The cluster's members at this node's last heartbeat (empty for a node alone). */
    public Set<String> clusterNodes() {
        ClusterNode node = cluster;
        return node == null ? Set.of() : node.liveNodes();
    }

    /** Camera writes this node made to the cluster registry (0 for a node alone). */
    public long clusterRegistryWrites() {
        ClusterNode node = cluster;
        return node == null ? 0 : node.registryWrites();
    }

    /** This node's edge to its cluster, or null for a node alone (tests look at what it costs the loops). */
    ClusterNode clusterNode() {
        return cluster;
    }

    /** Whether every UDP channel is open and serving (what {@code /healthz} reports). */
    public boolean isHealthy() {
        return ports.stream().allMatch(UdpPort::isActive);
    }

    /** How many event loops (each with its own UDP socket on the port, and its own core) serve. */
    public int eventLoops() {
        return ports.size();
    }

    /** The UDP ports, one per event loop, in loop order (tests look at their sockets). */
    List<UdpPort> udpPorts() {
        return ports;
    }

    /** Datagrams each event loop has read from its own socket so far, in loop order. */
    public long[] datagramsReadPerLoop() {
        return handlers.stream().mapToLong(RendezvousHandler::datagramsRead).toArray();
    }

    /** Stops HTTP, closes the UDP channel and waits (a few seconds at most) for the event loop to end. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (http != null) {
            http.close();
        }
        ClusterNode node = cluster;
        if (node != null) {
            node.close();
        }
        if (tcpChannel != null) {
            tcpChannel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        ports.forEach(UdpPort::stop);
        shutDown(group);
    }

    /** A new ticket key when the current one is a rotation period old; each core switches on its own loop. */
    private static void rotateTicketKeys(TicketKeyFile keyFile, List<UdpPort> channels, Rendezvous[] cores) {
        try {
            TicketKeys keys = keyFile.loadRotating(System.currentTimeMillis() / 1000);
            for (int i = 0; i < cores.length; i++) {
                Rendezvous core = cores[i];
                channels.get(i).eventLoop().execute(() -> core.useTicketKeys(keys));
            }
        } catch (IOException | RuntimeException e) {
            log.warn(
                    "cannot rotate the resumption ticket keys (tickets keep working under the current key): {}",
                    e.toString());
        }
    }

    private static void shutDown(EventLoopGroup group) {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }

    private static SecureRandom newRandom() {
        try {
            // DRBG: pure Java, no device file per call; the core draws from it on every registration.
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    private static void logTransportOnce(UdpTransport transport, UdpIo.Choice io) {
        if (transportLogged.compareAndSet(false, true)) {
            if (io.io() == UdpIo.NATIVE) {
                log.info("UDP transport: native (FFM sockets on epoll event loops)");
            } else if (io.fallbackReason() != null) {
                // Asked for (by default or not) and not had: the cloud serves, on Netty's channel, and says why.
                Throwable epoll = UdpTransport.epollUnavailabilityCause();
                log.warn(
                        "UDP transport: {}, Netty's channel (native UDP I/O unavailable: {}{})",
                        transport.label(),
                        io.fallbackReason(),
                        transport == UdpTransport.NIO
                                        && epoll != null
                                        && !io.fallbackReason().contains(epoll.toString())
                                ? "; epoll unavailable: " + epoll
                                : "");
            } else if (transport == UdpTransport.NIO && UdpTransport.epollUnavailabilityCause() != null) {
                log.info(
                        "UDP transport: nio (epoll unavailable: {})",
                        UdpTransport.epollUnavailabilityCause().toString());
            } else {
                log.info("UDP transport: {}", transport.label());
            }
        }
    }
}
