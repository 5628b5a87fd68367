package io.p2pcam.cloud.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.p2pcam.cloud.core.Rendezvous;
import io.p2pcam.cloud.core.Resumption;
import io.p2pcam.cloud.core.TicketKeys;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running rendezvous cloud: one UDP channel whose single event loop thread owns the
 * {@link Rendezvous} core, a small pool that checks REGISTER signatures off that loop
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
    /** Socket buffers large enough to ride out bursts at tens of thousands of datagrams a second. */
    static final int SOCKET_BUFFER_BYTES = 4 << 20;
    /** With epoll, up to this many datagrams are read per recvmmsg call. */
    private static final int DATAGRAMS_PER_READ = 16;

    private static final long OWN_ADDRESS_REFRESH_SECONDS = 30;
    /** How often a running node looks whether its ticket key is due for rotation (weekly). */
    private static final long KEY_ROTATION_CHECK_MINUTES = 60;

    private static final AtomicBoolean transportLogged = new AtomicBoolean();

    private final CloudServerSettings settings;
    private final EventLoopGroup group;
    private final Channel channel;
    private final Channel tcpChannel;
    private final OperationsEndpoint http;
    private final CloudMetrics metrics;
    private final AtomicBoolean closed = new AtomicBoolean();

    private CloudServer(
            CloudServerSettings settings,
            EventLoopGroup group,
            Channel channel,
            Channel tcpChannel,
            OperationsEndpoint http,
            CloudMetrics metrics) {
        this.tcpChannel = tcpChannel;
        this.settings = settings;
        this.group = group;
        this.channel = channel;
        this.http = http;
        this.metrics = metrics;
    }

    /**
     * Binds the UDP port (and the HTTP port unless off) and starts serving.
     *
     * @throws PortInUseException if either port is taken (nothing is left running)
     * @throws IOException if binding fails otherwise
     */
    public static CloudServer start(CloudServerSettings settings) throws IOException {
        UdpTransport transport = UdpTransport.best();
        logTransportOnce(transport);
        CloudMetrics metrics = new CloudMetrics(transport);
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
        Resumption resumption = keyFile == null
                ? Resumption.ephemeral(random)
                : new Resumption(
                        keyFile.loadRotating(System.currentTimeMillis() / 1000),
                        Resumption.DEFAULT_TICKET_LIFETIME,
                        System.currentTimeMillis() - clock.getAsLong());
        Rendezvous core = new Rendezvous(settings.cloud(), random, metrics, clock.getAsLong(), own, resumption);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(
                1, new DefaultThreadFactory("p2pcam-udp", true), transport.ioHandlerFactory());
        Channel channel;
        Channel tcpChannel = null;
        TcpFrontDoor tcp = new TcpFrontDoor(settings.tcp(), clock, metrics);
        SignatureCheckPool verifier = SignatureCheckPool.of(
                SignatureCheckPool.defaultThreads(), settings.cloud().quotas().maxSignatureChecks());
        RendezvousHandler handler = new RendezvousHandler(core, metrics, clock, tcp, verifier);
        group.terminationFuture().addListener(future -> verifier.close());
        try {
            channel = bindUdp(settings, transport, group, handler);
            own.addPort(((InetSocketAddress) channel.localAddress()).getPort());
        } catch (IOException | RuntimeException e) {
            shutDown(group);
            throw e;
        }
        if (settings.tcpEnabled()) {
            int tcpPort = settings.tcpPort() == CloudServerSettings.TCP_SAME_AS_UDP
                    ? ((InetSocketAddress) channel.localAddress()).getPort()
                    : settings.tcpPort();
            try {
                tcpChannel =
                        tcp.bind(group, transport, new InetSocketAddress(settings.bindAddress(), tcpPort), handler);
                own.addPort(((InetSocketAddress) tcpChannel.localAddress()).getPort());
            } catch (Exception e) {
                channel.close().syncUninterruptibly();
                shutDown(group);
                if (isAddressInUse(e)) {
                    throw new PortInUseException("TCP", settings.bindAddress().getHostAddress(), tcpPort);
                }
                throw new IOException("cannot bind the TCP port: " + e.getMessage(), e);
            }
        }
        if (keyFile != null) {
            Channel loop = channel;
            group.scheduleAtFixedRate(
                    () -> rotateTicketKeys(keyFile, loop, core),
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
                        channel::isActive,
                        metrics::scrape);
            } catch (BindException e) {
                channel.close().syncUninterruptibly();
                shutDown(group);
                throw new PortInUseException("HTTP", settings.httpBindAddress().getHostAddress(), settings.httpPort());
            }
        }
        return new CloudServer(settings, group, channel, tcpChannel, http, metrics);
    }

    private static Channel bindUdp(
            CloudServerSettings settings, UdpTransport transport, EventLoopGroup group, RendezvousHandler handler)
            throws IOException {
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(transport.channelClass())
                .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER_BYTES)
                .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER_BYTES)
                .handler(handler);
        if (transport == UdpTransport.EPOLL) {
            // recvmmsg: one system call reads up to DATAGRAMS_PER_READ datagrams into one buffer.
            bootstrap
                    .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, RendezvousHandler.COPY_BUFFER_BYTES)
                    .option(
                            ChannelOption.RECVBUF_ALLOCATOR,
                            new FixedRecvByteBufAllocator(RendezvousHandler.COPY_BUFFER_BYTES * DATAGRAMS_PER_READ));
        } else {
            bootstrap.option(
                    ChannelOption.RECVBUF_ALLOCATOR,
                    new FixedRecvByteBufAllocator(RendezvousHandler.COPY_BUFFER_BYTES));
        }
        try {
            Channel channel = bootstrap
                    .bind(settings.bindAddress(), settings.udpPort())
                    .sync()
                    .channel();
            logSmallReceiveBuffer(channel);
            return channel;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while binding the UDP port", e);
        } catch (Exception e) {
            if (isAddressInUse(e)) {
                throw new PortInUseException("UDP", settings.bindAddress().getHostAddress(), settings.udpPort());
            }
            throw e instanceof IOException io ? io : new IOException("cannot bind the UDP port: " + e.getMessage(), e);
        }
    }

    /**
     * The UDP address: the bind address as configured (a dual-stack socket would otherwise report
     * 0.0.0.0 as ::) with the actual port (the one the system chose when 0 was asked for).
     */
    public InetSocketAddress udpAddress() {
        return new InetSocketAddress(settings.bindAddress(), ((InetSocketAddress) channel.localAddress()).getPort());
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

    /** Whether the UDP channel is open and serving (what {@code /healthz} reports). */
    public boolean isHealthy() {
        return channel.isActive();
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
        if (tcpChannel != null) {
            tcpChannel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        shutDown(group);
    }

    /** A new ticket key when the current one is a rotation period old; the core switches on its own loop. */
    private static void rotateTicketKeys(TicketKeyFile keyFile, Channel loop, Rendezvous core) {
        try {
            TicketKeys keys = keyFile.loadRotating(System.currentTimeMillis() / 1000);
            loop.eventLoop().execute(() -> core.useTicketKeys(keys));
        } catch (IOException | RuntimeException e) {
            log.warn(
                    "cannot rotate the resumption ticket keys (tickets keep working under the current key): {}",
                    e.toString());
        }
    }

    private static void shutDown(EventLoopGroup group) {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }

    private static boolean isAddressInUse(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException
                    || t.getMessage() != null && t.getMessage().contains("already in use")) {
                return true;
            }
        }
        return false;
    }

    private static SecureRandom newRandom() {
        try {
            // DRBG: pure Java, no device file per call; the core draws from it on every registration.
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    private static void logTransportOnce(UdpTransport transport) {
        if (transportLogged.compareAndSet(false, true)) {
            if (transport == UdpTransport.NIO && UdpTransport.epollUnavailabilityCause() != null) {
                log.info(
                        "UDP transport: nio (epoll unavailable: {})",
                        UdpTransport.epollUnavailabilityCause().toString());
            } else {
                log.info("UDP transport: {}", transport.label());
            }
        }
    }

    private static void logSmallReceiveBuffer(Channel channel) {
        Integer actual = channel.config().getOption(ChannelOption.SO_RCVBUF);
        // Linux reports twice the size asked for; less than asked means net.core.rmem_max capped it.
        if (actual != null && actual < SOCKET_BUFFER_BYTES) {
            log.info(
                    "UDP receive buffer is {} KiB, not the {} KiB asked for; raise net.core.rmem_max for heavy load",
                    actual / 1024,
                    SOCKET_BUFFER_BYTES / 1024);
        }
    }
}
