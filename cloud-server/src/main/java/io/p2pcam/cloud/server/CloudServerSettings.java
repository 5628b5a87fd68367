package io.p2pcam.cloud.server;

import io.p2pcam.cloud.core.CloudConfig;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Where a {@link CloudServer} listens and how its core behaves. Immutable; validated on
 * construction. Port 0 asks the system for a free port (what tests and the viewer's "host the
 * cloud on this PC" use); an HTTP port of {@value #HTTP_OFF} turns the health and metrics
 * endpoint off; a TCP port of {@value #TCP_SAME_AS_UDP} (the default) serves TCP on the UDP port's
 * number, where clients look for it, and {@value #TCP_OFF} turns TCP off.
 *
 * @param bindAddress the local address the UDP and TCP sockets bind to
 * @param udpPort the rendezvous port cameras and viewers talk to
 * @param httpPort the port of {@code /healthz} and {@code /metrics}, or {@value #HTTP_OFF}
 * @param cloud the rendezvous core's settings
 * @param tcpPort the port where the same protocol runs over TCP (u16 length, then the datagram),
 *        for clients whose network blocks UDP; {@value #TCP_SAME_AS_UDP} or {@value #TCP_OFF}
 * @param httpBindAddress the local address of the HTTP endpoint (loopback by default: it is for
 *        the operator's monitoring, not the world)
 * @param tcp what TCP clients may hold
 * @param stateDirectory where the node keeps what must survive a restart (the resumption ticket
 *        keys, {@code ticket-keys}), or null: tickets then do not survive a restart
 * @param eventLoops UDP event loops sharing the port (SO_REUSEPORT with epoll; one otherwise)
 * @param http what clients of the HTTP endpoint may hold
 * @param udp each UDP socket's buffers and read batches
 * @param udpIo what drives the UDP sockets ({@link UdpIo#NATIVE} falls back to Netty where it
 *        cannot run)
 */
public record CloudServerSettings(
        InetAddress bindAddress,
        int udpPort,
        int httpPort,
        CloudConfig cloud,
        int tcpPort,
        InetAddress httpBindAddress,
        TcpLimits tcp,
        Path stateDirectory,
        int eventLoops,
        HttpLimits http,
        UdpSocketOptions udp,
        UdpIo udpIo) {
    public static final int DEFAULT_UDP_PORT = 32100;
    public static final int DEFAULT_HTTP_PORT = 32180;
    public static final int HTTP_OFF = -1;
    public static final int TCP_OFF = -1;
    public static final int TCP_SAME_AS_UDP = -2;

    /** TCP on the UDP port number, HTTP on loopback, the default TCP limits. */
    public CloudServerSettings(InetAddress bindAddress, int udpPort, int httpPort, CloudConfig cloud) {
        this(
                bindAddress,
                udpPort,
                httpPort,
                cloud,
                TCP_SAME_AS_UDP,
                InetAddress.getLoopbackAddress(),
                TcpLimits.defaults(),
                null,
                1,
                HttpLimits.defaults(),
                UdpSocketOptions.defaults(),
                UdpIo.NATIVE);
    }

    public CloudServerSettings {
        Objects.requireNonNull(bindAddress, "bind address");
        Objects.requireNonNull(httpBindAddress, "HTTP bind address");
        Objects.requireNonNull(cloud, "cloud config");
        Objects.requireNonNull(tcp, "TCP limits");
        Objects.requireNonNull(http, "HTTP limits");
        Objects.requireNonNull(udp, "UDP socket options");
        Objects.requireNonNull(udpIo, "UDP I/O");
        if (udpPort < 0 || udpPort > 65535) {
            throw new IllegalArgumentException("UDP port must be between 0 and 65535, not " + udpPort);
        }
        if (tcpPort < TCP_SAME_AS_UDP || tcpPort > 65535) {
            throw new IllegalArgumentException(
                    "TCP port must be between 0 and 65535 (or -1 for off, -2 for the UDP port's number), not "
                            + tcpPort);
        }
        if (eventLoops < 1 || eventLoops > 256) {
            throw new IllegalArgumentException("event loops must be between 1 and 256, not " + eventLoops);
        }
        if (httpPort < HTTP_OFF || httpPort > 65535) {
            throw new IllegalArgumentException(
                    "HTTP port must be between 0 and 65535 (or -1 for off), not " + httpPort);
        }
    }

    /**
     * All interfaces for UDP and TCP (same port number), HTTP on loopback, the default ports, the
     * core's defaults, one event loop per core.
     */
    public static CloudServerSettings defaults() {
        return new CloudServerSettings(anyAddress(), DEFAULT_UDP_PORT, DEFAULT_HTTP_PORT, CloudConfig.defaults())
                .withEventLoops(defaultEventLoops());
    }

    /**
     * Loopback only, on free ports, TCP off (a free UDP port's number may be taken for TCP): for
     * tests and demos in one process.
     */
    public static CloudServerSettings loopbackEphemeral() {
        return new CloudServerSettings(InetAddress.getLoopbackAddress(), 0, 0, CloudConfig.defaults())
                .withTcpPort(TCP_OFF);
    }

    public boolean tcpEnabled() {
        return tcpPort != TCP_OFF;
    }

    /** The same protocol over TCP on this port, {@value #TCP_SAME_AS_UDP} or {@value #TCP_OFF}. */
    public CloudServerSettings withTcpPort(int port) {
        return with(copy -> copy.tcpPort = port);
    }

    public CloudServerSettings withTcpLimits(TcpLimits limits) {
        return with(copy -> copy.tcp = limits);
    }

    public CloudServerSettings withHttpLimits(HttpLimits limits) {
        return with(copy -> copy.http = limits);
    }

    public boolean httpEnabled() {
        return httpPort != HTTP_OFF;
    }

    public CloudServerSettings withBindAddress(InetAddress address) {
        return with(copy -> copy.bindAddress = address);
    }

    public CloudServerSettings withHttpBindAddress(InetAddress address) {
        return with(copy -> copy.httpBindAddress = address);
    }

    public CloudServerSettings withUdpPort(int port) {
        return with(copy -> copy.udpPort = port);
    }

    public CloudServerSettings withHttpPort(int port) {
        return with(copy -> copy.httpPort = port);
    }

    public CloudServerSettings withCloud(CloudConfig config) {
        return with(copy -> copy.cloud = config);
    }

    /** One event loop per core (what a server started with the defaults uses). */
    public static int defaultEventLoops() {
        return Math.clamp(Runtime.getRuntime().availableProcessors(), 1, 256);
    }

    /** Keep the resumption ticket keys in {@code directory} (null: in memory only). */
    public CloudServerSettings withStateDirectory(Path directory) {
        return with(copy -> copy.stateDirectory = directory);
    }

    /** Serve UDP on {@code loops} event loops sharing the port. */
    public CloudServerSettings withEventLoops(int loops) {
        return with(copy -> copy.eventLoops = loops);
    }

    /** Set each UDP socket's buffers and read batches. */
    public CloudServerSettings withUdpSocketOptions(UdpSocketOptions options) {
        return with(copy -> copy.udp = options);
    }

    /** Drive the UDP sockets with {@code io}. */
    public CloudServerSettings withUdpIo(UdpIo io) {
        return with(copy -> copy.udpIo = io);
    }

    /** This one with one setting changed: the only place that lists every component again. */
    private CloudServerSettings with(Consumer<Copy> change) {
        Copy copy = new Copy(this);
        change.accept(copy);
        return copy.settings();
    }

    /** The components of a {@link CloudServerSettings}, to change one (records have no withers). */
    private static final class Copy {
        InetAddress bindAddress;
        int udpPort;
        int httpPort;
        CloudConfig cloud;
        int tcpPort;
        InetAddress httpBindAddress;
        TcpLimits tcp;
        Path stateDirectory;
        int eventLoops;
        HttpLimits http;
        UdpSocketOptions udp;
        UdpIo udpIo;

        Copy(CloudServerSettings settings) {
            bindAddress = settings.bindAddress;
            udpPort = settings.udpPort;
            httpPort = settings.httpPort;
            cloud = settings.cloud;
            tcpPort = settings.tcpPort;
            httpBindAddress = settings.httpBindAddress;
            tcp = settings.tcp;
            stateDirectory = settings.stateDirectory;
            eventLoops = settings.eventLoops;
            http = settings.http;
            udp = settings.udp;
            udpIo = settings.udpIo;
        }

        CloudServerSettings settings() {
            return new CloudServerSettings(
                    bindAddress,
                    udpPort,
                    httpPort,
                    cloud,
                    tcpPort,
                    httpBindAddress,
                    tcp,
                    stateDirectory,
                    eventLoops,
                    http,
                    udp,
                    udpIo);
        }
    }

    private static InetAddress anyAddress() {
        return InetAddress.ofLiteral("0.0.0.0");
    }
}
