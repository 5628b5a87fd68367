package io.p2pcam.cloud.server;

import io.p2pcam.cloud.core.CloudConfig;
import java.net.InetAddress;
import java.util.Objects;

/**
 * Where a {@link CloudServer} listens and how its core behaves. Immutable; validated on
 * construction. Port 0 asks the system for a free port (what tests and the viewer's "host the
 * cloud on this PC" use); an HTTP port of {@value #HTTP_OFF} turns the health and metrics
 * endpoint off.
 *
 * @param bindAddress the local address both the UDP and the HTTP socket bind to
 * @param udpPort the rendezvous port cameras and viewers talk to
 * @param httpPort the port of {@code /healthz} and {@code /metrics}, or {@value #HTTP_OFF}
 * @param cloud the rendezvous core's settings
 * @param tcpPort the port where the same protocol runs over TCP (u16 length, then the datagram),
 *        for clients whose network blocks UDP, or {@value #TCP_OFF}
 */
public record CloudServerSettings(InetAddress bindAddress, int udpPort, int httpPort, CloudConfig cloud, int tcpPort) {
    public static final int DEFAULT_UDP_PORT = 32100;
    public static final int DEFAULT_HTTP_PORT = 32180;
    public static final int HTTP_OFF = -1;
    public static final int TCP_OFF = -1;

    /** Without the TCP port. */
    public CloudServerSettings(InetAddress bindAddress, int udpPort, int httpPort, CloudConfig cloud) {
        this(bindAddress, udpPort, httpPort, cloud, TCP_OFF);
    }

    public CloudServerSettings {
        Objects.requireNonNull(bindAddress, "bind address");
        Objects.requireNonNull(cloud, "cloud config");
        if (udpPort < 0 || udpPort > 65535) {
            throw new IllegalArgumentException("UDP port must be between 0 and 65535, not " + udpPort);
        }
        if (tcpPort < TCP_OFF || tcpPort > 65535) {
            throw new IllegalArgumentException("TCP port must be between 0 and 65535 (or -1 for off), not " + tcpPort);
        }
        if (httpPort < HTTP_OFF || httpPort > 65535) {
            throw new IllegalArgumentException(
                    "HTTP port must be between 0 and 65535 (or -1 for off), not " + httpPort);
        }
    }

    /** All interfaces, the default ports, the core's defaults. */
    public static CloudServerSettings defaults() {
        return new CloudServerSettings(anyAddress(), DEFAULT_UDP_PORT, DEFAULT_HTTP_PORT, CloudConfig.defaults());
    }

    /** Loopback only, on free ports: for tests and demos in one process. */
    public static CloudServerSettings loopbackEphemeral() {
        return new CloudServerSettings(InetAddress.getLoopbackAddress(), 0, 0, CloudConfig.defaults());
    }

    public boolean tcpEnabled() {
        return tcpPort != TCP_OFF;
    }

    /** The same protocol over TCP on this port (for networks that block UDP), or {@value #TCP_OFF}. */
    public CloudServerSettings withTcpPort(int port) {
        return new CloudServerSettings(bindAddress, udpPort, httpPort, cloud, port);
    }

    public boolean httpEnabled() {
        return httpPort != HTTP_OFF;
    }

    public CloudServerSettings withBindAddress(InetAddress address) {
        return new CloudServerSettings(address, udpPort, httpPort, cloud, tcpPort);
    }

    public CloudServerSettings withUdpPort(int port) {
        return new CloudServerSettings(bindAddress, port, httpPort, cloud, tcpPort);
    }

    public CloudServerSettings withHttpPort(int port) {
        return new CloudServerSettings(bindAddress, udpPort, port, cloud, tcpPort);
    }

    public CloudServerSettings withCloud(CloudConfig config) {
        return new CloudServerSettings(bindAddress, udpPort, httpPort, config, tcpPort);
    }

    private static InetAddress anyAddress() {
        return InetAddress.ofLiteral("0.0.0.0");
    }
}
