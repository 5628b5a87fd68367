package io.p2pcam.cloud.cli;

import io.p2pcam.cloud.server.TcpLimits;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The cloud's TCP limits as flags (docs/ADMIN.md): a mixin of {@link CloudServerCommand}. */
final class TcpLimitOptions {
    @Option(
            names = "--tcp-max-connections",
            paramLabel = "COUNT",
            defaultValue = "20000",
            description = "TCP connections held at most. Default: ${DEFAULT-VALUE}.")
    private int tcpMaxConnections;

    @Option(
            names = "--tcp-max-connections-per-source",
            paramLabel = "COUNT",
            defaultValue = "64",
            description = "TCP connections from one address (IPv6: one /64) at most; 4x that from one IPv6 /56, "
                    + "16x from one /48. Default: ${DEFAULT-VALUE}.")
    private int tcpMaxConnectionsPerSource;

    @Option(
            names = "--tcp-idle-timeout",
            paramLabel = "SECONDS",
            defaultValue = "90",
            description = "A TCP connection that delivers no whole datagram for this long is closed. "
                    + "Default: ${DEFAULT-VALUE}.")
    private int tcpIdleSeconds;

    @Option(
            names = "--tcp-frame-timeout",
            paramLabel = "SECONDS",
            defaultValue = "10",
            description = "A datagram begun on a TCP connection must be complete within this time, or the connection "
                    + "is closed. Default: ${DEFAULT-VALUE}.")
    private int tcpFrameSeconds;

    @Option(
            names = "--tcp-write-stall",
            paramLabel = "SECONDS",
            defaultValue = "30",
            description = "A TCP client that takes none of the cloud's output for this long is closed. "
                    + "Default: ${DEFAULT-VALUE}.")
    private int tcpWriteStallSeconds;

    @Option(
            names = "--tcp-write-buffer",
            paramLabel = "KIB",
            defaultValue = "256",
            description = "Output buffered per TCP connection at most, in KiB; datagrams beyond it are dropped as UDP "
                    + "would lose them. Default: ${DEFAULT-VALUE}.")
    private int tcpWriteBufferKib;

    TcpLimits limits(OptionCheck check) {
        check.require(tcpMaxConnections >= 1, "--tcp-max-connections", "must be at least 1");
        check.require(tcpMaxConnectionsPerSource >= 1, "--tcp-max-connections-per-source", "must be at least 1");
        check.require(tcpIdleSeconds >= 1 && tcpIdleSeconds <= 86_400, "--tcp-idle-timeout", "must be 1-86400 seconds");
        check.require(tcpFrameSeconds >= 1 && tcpFrameSeconds <= 3600, "--tcp-frame-timeout", "must be 1-3600 seconds");
        check.require(
                tcpWriteStallSeconds >= 1 && tcpWriteStallSeconds <= 3600,
                "--tcp-write-stall",
                "must be 1-3600 seconds");
        check.require(
                tcpWriteBufferKib >= 2 && tcpWriteBufferKib <= 65_536, "--tcp-write-buffer", "must be 2-65536 KiB");
        TcpLimits limits = TcpLimits.defaults()
                .withConnections(tcpMaxConnections, tcpMaxConnectionsPerSource)
                .withTimeouts(
                        Duration.ofSeconds(tcpIdleSeconds),
                        Duration.ofSeconds(tcpFrameSeconds),
                        Duration.ofSeconds(tcpWriteStallSeconds));
        return new TcpLimits(
                limits.maxConnections(),
                limits.maxConnectionsPerSource(),
                limits.idle(),
                limits.frameTimeout(),
                limits.writeStall(),
                tcpWriteBufferKib * 1024);
    }
}
