package io.p2pcam.cloud.server;

import java.time.Duration;

/**
 * What one TCP client may hold of the cloud (docs/PROTOCOL.md §3.1): connections in all and per
 * source, how long a connection may go without a whole datagram, how long a datagram may take to
 * arrive once begun, how much the cloud buffers for a client that does not read, and how long it
 * waits for one. Immutable; validated on construction.
 *
 * @param maxConnections connections held at most; more are closed at once
 * @param maxConnectionsPerSource connections from one IPv4 address or IPv6 /64 at most; four times
 *     that from one /56 and sixteen times from one /48 ({@link ConnectionCaps})
 * @param idle a connection that delivered no whole datagram for this long is closed
 * @param frameTimeout a datagram whose first byte arrived this long ago and that is still incomplete closes its connection
 * @param writeStall a connection that has not taken the cloud's output for this long is closed
 * @param writeBufferBytes output buffered per connection at most; datagrams beyond it are dropped (as UDP would lose them)
 */
public record TcpLimits(
        int maxConnections,
        int maxConnectionsPerSource,
        Duration idle,
        Duration frameTimeout,
        Duration writeStall,
        int writeBufferBytes) {
    public TcpLimits {
        if (maxConnections < 1 || maxConnectionsPerSource < 1 || writeBufferBytes < 2048) {
            throw new IllegalArgumentException(
                    "TCP connection caps must be positive and the write buffer at least 2048 bytes");
        }
        for (Duration d : new Duration[] {idle, frameTimeout, writeStall}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("TCP timeouts must be positive");
            }
        }
    }

    /**
     * 20 000 connections, 64 per source, 90 s without a datagram (cameras keep alive at most every
     * 20 s), 10 s to complete a datagram, 30 s to take output, 256 KiB of output per connection.
     */
    public static TcpLimits defaults() {
        return new TcpLimits(
                20_000, 64, Duration.ofSeconds(90), Duration.ofSeconds(10), Duration.ofSeconds(30), 256 * 1024);
    }

    public TcpLimits withConnections(int max, int perSource) {
        return new TcpLimits(max, perSource, idle, frameTimeout, writeStall, writeBufferBytes);
    }

    public TcpLimits withTimeouts(Duration idle, Duration frameTimeout, Duration writeStall) {
        return new TcpLimits(maxConnections, maxConnectionsPerSource, idle, frameTimeout, writeStall, writeBufferBytes);
    }
}
