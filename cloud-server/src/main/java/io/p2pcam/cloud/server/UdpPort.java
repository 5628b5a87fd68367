package io.p2pcam.cloud.server;

import io.netty.channel.EventLoop;

/**
 * One event loop's UDP socket on the cloud's port, as the server sees it whichever edge drives it
 * (Netty's datagram channel, {@link NettyUdpPort}, or the FFM socket, {@link NativeUdpEdge}).
 * Thread-safe.
 */
interface UdpPort {
    /** The loop that reads the socket (and runs its handler, its timers and the TCP front door). */
    EventLoop eventLoop();

    /** The port the socket is bound to (the kernel's choice when 0 was asked for). */
    int localPort();

    /** Whether the socket is open and serving (what {@code /healthz} reports). */
    boolean isActive();

    /** SO_RCVBUF as the kernel reports it (twice what it granted, on Linux), or null when unknown. */
    Integer receiveBufferBytes();

    /** SO_SNDBUF as the kernel reports it, or null when unknown. */
    Integer sendBufferBytes();

    /** Closes the socket on its loop and waits a few seconds at most for that. Idempotent. */
    void stop();
}
