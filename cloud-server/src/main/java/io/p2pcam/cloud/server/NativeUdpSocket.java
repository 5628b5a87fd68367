package io.p2pcam.cloud.server;

import io.p2pcam.cloud.core.ClientAddress;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * A non-blocking UDP socket of the kernel's, made and driven through the FFM API: the cloud's UDP
 * edge without Netty's per-datagram objects and JNI field accesses (issue 13 §5, decision 0081).
 * {@link #receive()} reads up to {@code datagramsPerCall} datagrams with one {@code recvmmsg} into
 * native slots, read back with {@link #length}, {@link #copy} and {@link #sender}; {@link #queue}
 * copies answers into native slots and {@link #flush()} sends them with {@code sendmmsg}, keeping
 * what a full send buffer does not take for the next flush ({@link NativeSendQueue}).
 *
 * <p>The socket is what Netty's epoll channel makes for the same settings ({@link
 * UdpTransport#newDatagramChannel}): a specific IPv4 address gets an IPv4 socket, anything else a
 * dual-stack IPv6 one (0.0.0.0 binds {@code ::}), with the buffers of {@link UdpSocketOptions}
 * and, for several event loops on one port, SO_REUSEPORT (decision 0016). A datagram longer than
 * a slot ({@link #SLOT_BYTES}, twice the largest cloud datagram) is cut to the slot, as Netty's
 * {@code recvmmsg} cuts it, and {@link #truncated} says so: the core drops it as too long.
 *
 * <p>Not thread-safe: one event loop receives, sends and closes. Owns its file descriptor and its
 * native memory until {@link #close()}.
 */
final class NativeUdpSocket implements AutoCloseable {
    static final int SLOT_BYTES = RendezvousHandler.COPY_BUFFER_BYTES;

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final int IOVEC_BYTES = 16;
    /** {@code struct mmsghdr}: a {@code struct msghdr} (56 bytes) and the datagram's length, padded to 64. */
    private static final int MMSGHDR_BYTES = 64;

    static final int NAME_LENGTH_AT = 8;
    private static final int FLAGS_AT = 48;
    private static final int LENGTH_AT = 56;

    private final int fd;
    private final int family;
    private final Arena arena;
    private final MemorySegment errno;
    private final Slots in;
    private final NativeSendQueue out;
    private int received;
    private boolean closed;

    /** Datagram slots with their addresses and the {@code mmsghdr} array over them. */
    record Slots(int count, MemorySegment data, MemorySegment names, MemorySegment headers, MemorySegment iovecs) {
        static Slots allocate(Arena arena, int count) {
            MemorySegment iovecs = arena.allocate((long) count * IOVEC_BYTES, 8);
            Slots slots = new Slots(
                    count,
                    arena.allocate((long) count * SLOT_BYTES, 64),
                    arena.allocate((long) count * NativeSockaddr.BYTES, 8),
                    arena.allocate((long) count * MMSGHDR_BYTES, 8),
                    iovecs);
            for (int i = 0; i < count; i++) {
                MemorySegment iov = iovecs.asSlice((long) i * IOVEC_BYTES, IOVEC_BYTES);
                iov.set(ValueLayout.ADDRESS, 0, slots.data.asSlice((long) i * SLOT_BYTES, SLOT_BYTES));
                iov.set(ValueLayout.JAVA_LONG, 8, SLOT_BYTES);
                MemorySegment header = slots.headers.asSlice((long) i * MMSGHDR_BYTES, MMSGHDR_BYTES);
                header.set(
                        ValueLayout.ADDRESS,
                        0,
                        slots.names.asSlice((long) i * NativeSockaddr.BYTES, NativeSockaddr.BYTES));
                header.set(INT, NAME_LENGTH_AT, NativeSockaddr.BYTES);
                header.set(ValueLayout.ADDRESS, 16, iov);
                header.set(ValueLayout.JAVA_LONG, 24, 1);
            }
            return slots;
        }

        long header(int i) {
            return (long) i * MMSGHDR_BYTES;
        }

        long name(int i) {
            return (long) i * NativeSockaddr.BYTES;
        }

        long data(int i) {
            return (long) i * SLOT_BYTES;
        }

        /** Sets what {@code sendmmsg} sends from slot {@code i}: the iovec's length. */
        void length(int i, int length) {
            iovecs.set(ValueLayout.JAVA_LONG, (long) i * IOVEC_BYTES + 8, length);
        }
    }

    private NativeUdpSocket(int fd, int family, Arena arena, MemorySegment errno, int slots, int sendBacklog) {
        this.fd = fd;
        this.family = family;
        this.arena = arena;
        this.errno = errno;
        this.in = Slots.allocate(arena, slots);
        this.out = new NativeSendQueue(fd, family, arena, errno, sendBacklog, slots);
    }

    /**
     * Opens a socket bound to {@code address} (port 0: the kernel chooses).
     *
     * @param reusePort whether other sockets may bind the same port (SO_REUSEPORT), each getting
     *     the datagrams of some sources
     * @throws BindException when the address or port cannot be bound (the C library's words)
     * @throws IOException when the socket cannot be made or set up
     */
    static NativeUdpSocket open(InetSocketAddress address, UdpSocketOptions options, boolean reusePort)
            throws IOException {
        return open(address, options, reusePort, NativeSendQueue.DEFAULT_CAPACITY);
    }

    /** {@link #open(InetSocketAddress, UdpSocketOptions, boolean)} with room for {@code sendBacklog} answers waiting. */
    @SuppressWarnings("MustBeClosedChecker") // the arena lives as long as the socket: close() closes it
    static NativeUdpSocket open(InetSocketAddress address, UdpSocketOptions options, boolean reusePort, int sendBacklog)
            throws IOException {
        if (!LinuxSocketCalls.available()) {
            throw new IOException("native UDP sockets unavailable: " + LinuxSocketCalls.unavailableBecause());
        }
        int family = NativeSockaddr.familyFor(address.getAddress());
        Arena arena = Arena.ofShared();
        MemorySegment errno = LinuxSocketCalls.errnoState(arena);
        int fd;
        try {
            fd = (int) LinuxSocketCalls.SOCKET.invokeExact(
                    errno,
                    family,
                    LinuxSocketCalls.SOCK_DGRAM | LinuxSocketCalls.SOCK_NONBLOCK | LinuxSocketCalls.SOCK_CLOEXEC,
                    0);
        } catch (Throwable e) {
            arena.close();
            throw new IOException("socket() failed", e);
        }
        if (fd < 0) {
            arena.close();
            throw new IOException(
                    "cannot make a UDP socket: " + LinuxSocketCalls.describe(LinuxSocketCalls.errno(errno)));
        }
        NativeUdpSocket socket = null;
        try {
            socket = new NativeUdpSocket(fd, family, arena, errno, options.datagramsPerCall(), sendBacklog);
            socket.setUp(address, options, reusePort);
            return socket;
        } catch (IOException | RuntimeException e) {
            if (socket != null) {
                socket.close();
            } else {
                closeQuietly(fd, errno);
                arena.close();
            }
            throw e;
        }
    }

    private void setUp(InetSocketAddress address, UdpSocketOptions options, boolean reusePort) throws IOException {
        setOption(LinuxSocketCalls.SOL_SOCKET, LinuxSocketCalls.SO_RCVBUF, options.receiveBufferBytes(), "SO_RCVBUF");
        setOption(LinuxSocketCalls.SOL_SOCKET, LinuxSocketCalls.SO_SNDBUF, options.sendBufferBytes(), "SO_SNDBUF");
        if (reusePort) {
            setOption(LinuxSocketCalls.SOL_SOCKET, LinuxSocketCalls.SO_REUSEPORT, 1, "SO_REUSEPORT");
        }
        InetAddress ip = address.getAddress();
        if (family == LinuxSocketCalls.AF_INET6) {
            // Dual-stack whatever net.ipv6.bindv6only says, as Netty's IPv6 channel serves IPv4 too.
            setOption(LinuxSocketCalls.IPPROTO_IPV6, LinuxSocketCalls.IPV6_V6ONLY, 0, "IPV6_V6ONLY");
            if (ip.isAnyLocalAddress()) {
                ip = ipv6Wildcard(); // 0.0.0.0 mapped would serve IPv4 alone
            }
        }
        MemorySegment name = arena.allocate(NativeSockaddr.BYTES, 8);
        int length = NativeSockaddr.write(name, 0, new InetSocketAddress(ip, address.getPort()), family);
        int result;
        try {
            result = (int) LinuxSocketCalls.BIND.invokeExact(errno, fd, name, length);
        } catch (Throwable e) {
            throw new IOException("bind() failed", e);
        }
        if (result < 0) {
            throw new BindException(
                    "cannot bind UDP " + address + ": " + LinuxSocketCalls.describe(LinuxSocketCalls.errno(errno)));
        }
    }

    private static InetAddress ipv6Wildcard() {
        try {
            return Inet6Address.getByAddress(new byte[16]);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private void setOption(int level, int option, int value, String name) throws IOException {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment v = call.allocate(INT);
            v.set(INT, 0, value);
            int result = (int) LinuxSocketCalls.SETSOCKOPT.invokeExact(errno, fd, level, option, v, 4);
            if (result < 0) {
                throw new IOException(
                        "cannot set " + name + ": " + LinuxSocketCalls.describe(LinuxSocketCalls.errno(errno)));
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException("setsockopt() failed", e);
        }
    }

    /** The socket's file descriptor (for the event loop to watch). */
    int fd() {
        return fd;
    }

    /** The address the socket is bound to, as the kernel reports it (port 0 asked: the port chosen). */
    InetSocketAddress localAddress() throws IOException {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment name = call.allocate(NativeSockaddr.BYTES, 8);
            MemorySegment length = call.allocate(INT);
            length.set(INT, 0, NativeSockaddr.BYTES);
            int result = (int) LinuxSocketCalls.GETSOCKNAME.invokeExact(errno, fd, name, length);
            if (result < 0) {
                throw new IOException("getsockname: " + LinuxSocketCalls.describe(LinuxSocketCalls.errno(errno)));
            }
            return NativeSockaddr.read(name, 0);
        } catch (IOException e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException("getsockname() failed", e);
        }
    }

    /** SO_RCVBUF as the kernel granted it (Linux reports twice what it granted). */
    int receiveBufferBytes() throws IOException {
        return option(LinuxSocketCalls.SO_RCVBUF);
    }

    /** SO_SNDBUF as the kernel granted it. */
    int sendBufferBytes() throws IOException {
        return option(LinuxSocketCalls.SO_SNDBUF);
    }

    /** Whether SO_REUSEPORT is on. */
    boolean reusePort() throws IOException {
        return option(LinuxSocketCalls.SO_REUSEPORT) != 0;
    }

    private int option(int option) throws IOException {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment value = call.allocate(INT);
            MemorySegment length = call.allocate(INT);
            length.set(INT, 0, 4);
            int result = (int) LinuxSocketCalls.GETSOCKOPT.invokeExact(
                    errno, fd, LinuxSocketCalls.SOL_SOCKET, option, value, length);
            if (result < 0) {
                throw new IOException("getsockopt: " + LinuxSocketCalls.describe(LinuxSocketCalls.errno(errno)));
            }
            return value.get(INT, 0);
        } catch (IOException e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException("getsockopt() failed", e);
        }
    }

    /**
     * Reads the datagrams waiting, up to the slots' number, without blocking; how many (0: none).
     * They stay readable by index until the next call.
     *
     * @throws IOException for an error of the socket's (not for "nothing to read")
     */
    int receive() throws IOException {
        checkOpen();
        received = 0;
        for (int i = 0; i < in.count(); i++) {
            // The kernel wrote the last sender's length there.
            in.headers().set(INT, in.header(i) + NAME_LENGTH_AT, NativeSockaddr.BYTES);
        }
        int result;
        try {
            result = (int) LinuxSocketCalls.RECVMMSG.invokeExact(
                    errno, fd, in.headers(), in.count(), LinuxSocketCalls.MSG_DONTWAIT, MemorySegment.NULL);
        } catch (Throwable e) {
            throw new IOException("recvmmsg() failed", e);
        }
        if (result < 0) {
            int error = LinuxSocketCalls.errno(errno);
            if (error == LinuxSocketCalls.EAGAIN || error == LinuxSocketCalls.EINTR) {
                return 0;
            }
            throw new IOException("recvmmsg: " + LinuxSocketCalls.describe(error));
        }
        received = result;
        return result;
    }

    /** The bytes of datagram {@code i} of the last {@link #receive()} held in its slot. */
    int length(int i) {
        checkReceived(i);
        return Math.min(in.headers().get(INT, in.header(i) + LENGTH_AT), SLOT_BYTES);
    }

    /** Whether datagram {@code i} was longer than its slot and lost its end. */
    boolean truncated(int i) {
        checkReceived(i);
        return (in.headers().get(INT, in.header(i) + FLAGS_AT) & LinuxSocketCalls.MSG_TRUNC) != 0;
    }

    /** Copies datagram {@code i} into {@code into} (at least {@link #length} long) from index 0. */
    void copy(int i, byte[] into) {
        MemorySegment.copy(in.data(), ValueLayout.JAVA_BYTE, in.data(i), into, 0, length(i));
    }

    /** The sender of datagram {@code i}: an IPv4-mapped address as plain IPv4. */
    InetSocketAddress sender(int i) {
        checkReceived(i);
        return NativeSockaddr.read(in.names(), in.name(i));
    }

    /**
     * The sender of datagram {@code i} as the core takes it, over UDP: the object {@code senders}
     * made when this sender last sent, if it still holds it.
     */
    ClientAddress sender(int i, SenderCache senders) {
        checkReceived(i);
        return senders.sender(in.names(), in.name(i));
    }

    private void checkReceived(int i) {
        if (i < 0 || i >= received) {
            throw new IndexOutOfBoundsException("datagram " + i + " of " + received + " received");
        }
    }

    /**
     * Copies a datagram for {@code to} into the next send slot, behind those waiting; a batch of
     * them ({@code datagramsPerCall}) is sent at once unless the send buffer is known full. A
     * datagram longer than a slot, for an address this socket cannot reach (IPv6 from an IPv4
     * socket), or beyond the send backlog's bound, is dropped and counted in {@link
     * #unsentDatagrams()}.
     */
    void queue(byte[] data, InetSocketAddress to) {
        out.queue(data, to);
    }

    /** Datagrams queued and not sent yet: a batch being filled, or a backlog waiting for room. */
    int queued() {
        return out.waiting();
    }

    /**
     * Sends the queued datagrams without blocking, oldest first. When the send buffer is full the
     * rest wait, in order, for the next flush; a datagram the kernel refuses (an unreachable
     * network) is dropped alone and counted in {@link #unsentDatagrams()}.
     *
     * @return true when nothing waits; false when some wait for the socket to be writable
     */
    boolean flush() {
        checkOpen();
        return out.flush();
    }

    /** Datagrams queued that never left: beyond the backlog's bound, a refused or unreachable address, or size. */
    long unsentDatagrams() {
        return out.unsent();
    }

    /** How many {@code sendmmsg} calls the socket has made. */
    long sendCalls() {
        return out.sendCalls();
    }

    /**
     * Gives what is queued one last non-blocking try, counts what the kernel did not take in
     * {@link #unsentDatagrams()} (still readable afterwards), closes the file descriptor and frees
     * the slots; idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            out.closing();
        } catch (IllegalStateException e) {
            // sendmmsg could not be called at all: the descriptor and memory are freed all the same
        }
        closeQuietly(fd, errno);
        arena.close();
    }

    /** A descriptor number is reused by the next socket or file: a closed one must never be passed on. */
    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the socket is closed");
        }
    }

    boolean isOpen() {
        return !closed;
    }

    private static void closeQuietly(int fd, MemorySegment errno) {
        try {
            int ignored = (int) LinuxSocketCalls.CLOSE.invokeExact(errno, fd);
        } catch (Throwable e) {
            // nothing more to do with a descriptor that cannot be closed
        }
    }
}
