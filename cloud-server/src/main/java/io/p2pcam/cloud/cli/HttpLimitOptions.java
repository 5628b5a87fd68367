package io.p2pcam.cloud.cli;

import io.p2pcam.cloud.server.HttpLimits;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The limits of the HTTP endpoint ({@code /healthz}, {@code /metrics}) as flags (docs/ADMIN.md): a mixin of {@link CloudServerCommand}. */
final class HttpLimitOptions {
    @Option(
            names = "--http-max-connections",
            paramLabel = "COUNT",
            defaultValue = "64",
            description = "HTTP connections held at most; more are closed as they arrive. Default: ${DEFAULT-VALUE}.")
    private int maxConnections;

    @Option(
            names = "--http-max-connections-per-source",
            paramLabel = "COUNT",
            defaultValue = "8",
            description = "HTTP connections from one address (IPv6: one /64) at most; 4x that from one IPv6 /56, "
                    + "16x from one /48. Default: ${DEFAULT-VALUE}.")
    private int maxConnectionsPerSource;

    @Option(
            names = "--http-idle-timeout",
            paramLabel = "SECONDS",
            defaultValue = "5",
            description = "An HTTP connection that sends nothing for this long is closed. Default: ${DEFAULT-VALUE}.")
    private int idleSeconds;

    @Option(
            names = "--http-request-timeout",
            paramLabel = "SECONDS",
            defaultValue = "10",
            description = "An HTTP connection is closed this long after it opened, request answered or not (a client "
                    + "trickling its request is cut here). Default: ${DEFAULT-VALUE}.")
    private int requestSeconds;

    @Option(
            names = "--http-max-request",
            paramLabel = "BYTES",
            defaultValue = "8192",
            description = "An HTTP request (line, headers, body) larger than this closes its connection. "
                    + "Default: ${DEFAULT-VALUE}.")
    private int maxRequestBytes;

    HttpLimits limits(OptionCheck check) {
        check.require(maxConnections >= 1, "--http-max-connections", "must be at least 1");
        check.require(maxConnectionsPerSource >= 1, "--http-max-connections-per-source", "must be at least 1");
        check.require(idleSeconds >= 1 && idleSeconds <= 3600, "--http-idle-timeout", "must be 1-3600 seconds");
        check.require(
                requestSeconds >= 1 && requestSeconds <= 3600, "--http-request-timeout", "must be 1-3600 seconds");
        check.require(
                maxRequestBytes >= HttpLimits.MIN_REQUEST_BYTES && maxRequestBytes <= HttpLimits.MAX_REQUEST_BYTES,
                "--http-max-request",
                "must be " + HttpLimits.MIN_REQUEST_BYTES + "-" + HttpLimits.MAX_REQUEST_BYTES + " bytes");
        return new HttpLimits(
                maxConnections,
                maxConnectionsPerSource,
                Duration.ofSeconds(idleSeconds),
                Duration.ofSeconds(requestSeconds),
                maxRequestBytes);
    }
}
