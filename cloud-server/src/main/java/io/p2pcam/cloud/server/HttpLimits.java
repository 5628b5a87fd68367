package io.p2pcam.cloud.server;

import java.time.Duration;

/**
 * What one client may hold of the HTTP endpoint ({@code /healthz}, {@code /metrics}; docs/ADMIN.md
 * "Ports to open"): connections in all and per source, how long a connection may stay silent, how
 * long it may take to send its request and be answered, and how large the request may be. Every
 * connection serves one request. Immutable; validated on construction.
 *
 * @param maxConnections connections held at most; more are closed as they arrive
 * @param maxConnectionsPerSource connections from one IPv4 address or IPv6 /64 at most; four times
 *     that from one /56 and sixteen times from one /48 ({@link ConnectionCaps})
 * @param idleTimeout a connection that sends no byte for this long is closed
 * @param requestTimeout a connection is closed this long after it opened, whatever it sends (a
 *     client trickling a request a byte at a time is cut here)
 * @param maxRequestBytes the request line, headers and body together at most; a longer request closes its connection
 */
public record HttpLimits(
        int maxConnections,
        int maxConnectionsPerSource,
        Duration idleTimeout,
        Duration requestTimeout,
        int maxRequestBytes) {
    /** The smallest request limit: a request line and the headers a monitoring agent sends. */
    public static final int MIN_REQUEST_BYTES = 1024;

    public static final int MAX_REQUEST_BYTES = 1 << 20;

    public HttpLimits {
        if (maxConnections < 1 || maxConnectionsPerSource < 1) {
            throw new IllegalArgumentException("HTTP connection caps must be positive");
        }
        if (maxRequestBytes < MIN_REQUEST_BYTES || maxRequestBytes > MAX_REQUEST_BYTES) {
            throw new IllegalArgumentException("the HTTP request limit must be " + MIN_REQUEST_BYTES + "-"
                    + MAX_REQUEST_BYTES + " bytes, not " + maxRequestBytes);
        }
        for (Duration d : new Duration[] {idleTimeout, requestTimeout}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("HTTP timeouts must be positive");
            }
        }
    }

    /**
     * 64 connections, 8 per source, 5 s of silence, 10 s for the whole exchange, 8 KiB of request:
     * a Prometheus scrape or a liveness probe needs one short request a few times a minute.
     */
    public static HttpLimits defaults() {
        return new HttpLimits(64, 8, Duration.ofSeconds(5), Duration.ofSeconds(10), 8192);
    }

    public HttpLimits withConnections(int max, int perSource) {
        return new HttpLimits(max, perSource, idleTimeout, requestTimeout, maxRequestBytes);
    }

    public HttpLimits withTimeouts(Duration idle, Duration request) {
        return new HttpLimits(maxConnections, maxConnectionsPerSource, idle, request, maxRequestBytes);
    }

    public HttpLimits withMaxRequestBytes(int bytes) {
        return new HttpLimits(maxConnections, maxConnectionsPerSource, idleTimeout, requestTimeout, bytes);
    }
}
