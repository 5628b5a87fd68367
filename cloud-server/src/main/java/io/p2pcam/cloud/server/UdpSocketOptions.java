package io.p2pcam.cloud.server;

/**
 * How each of the cloud's UDP sockets is set up for load (docs/ADMIN.md, "Socket buffers and
 * batching"): the kernel's receive and send buffers, and how many datagrams an event loop reads
 * in one system call and in one wake-up before it sends the answers. Immutable; validated on
 * construction.
 *
 * <p>Linux caps a buffer asked for at {@code net.core.rmem_max} / {@code wmem_max} and reports
 * twice what it granted; the start log says when the cap cut the receive buffer.
 *
 * @param receiveBufferBytes SO_RCVBUF asked for: the queue that rides out bursts while the loop is busy
 * @param sendBufferBytes SO_SNDBUF asked for
 * @param datagramsPerCall datagrams read by one {@code recvmmsg} (epoll; NIO reads one at a time)
 * @param datagramsPerWakeup datagrams read before the loop flushes their answers (one {@code
 *     sendmmsg}) and runs its other work (timers, datagrams other loops handed over); a multiple
 *     of {@code datagramsPerCall} reads best
 */
public record UdpSocketOptions(
        int receiveBufferBytes, int sendBufferBytes, int datagramsPerCall, int datagramsPerWakeup) {
    /** 4 MiB each way: twice what coturn asks for (its sockets show 4 MiB granted, i.e. 2 MiB asked). */
    public static final int DEFAULT_BUFFER_BYTES = 4 << 20;

    public static final int DEFAULT_DATAGRAMS_PER_CALL = 32;
    public static final int DEFAULT_DATAGRAMS_PER_WAKEUP = 128;
    /** The kernel's UIO_MAXIOV: {@code recvmmsg} and {@code sendmmsg} take at most this many. */
    public static final int MAX_DATAGRAMS_PER_CALL = 1024;

    public UdpSocketOptions {
        if (receiveBufferBytes < 4096 || sendBufferBytes < 4096) {
            throw new IllegalArgumentException("UDP socket buffers must be at least 4096 bytes");
        }
        if (datagramsPerCall < 1 || datagramsPerCall > MAX_DATAGRAMS_PER_CALL) {
            throw new IllegalArgumentException(
                    "datagrams per call must be between 1 and " + MAX_DATAGRAMS_PER_CALL + ", not " + datagramsPerCall);
        }
        if (datagramsPerWakeup < datagramsPerCall || datagramsPerWakeup > 65_536) {
            throw new IllegalArgumentException("datagrams per wake-up must be between the datagrams per call ("
                    + datagramsPerCall + ") and 65536, not " + datagramsPerWakeup);
        }
    }

    /** 4 MiB buffers, 32 datagrams a {@code recvmmsg}, 128 a wake-up. */
    public static UdpSocketOptions defaults() {
        return new UdpSocketOptions(
                DEFAULT_BUFFER_BYTES, DEFAULT_BUFFER_BYTES, DEFAULT_DATAGRAMS_PER_CALL, DEFAULT_DATAGRAMS_PER_WAKEUP);
    }
}
