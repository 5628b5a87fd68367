package io.p2pcam.cloud.server;

import io.netty.channel.EventLoop;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoEvent;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.unix.FileDescriptor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A UDP port served by a {@link NativeUdpSocket} on a Netty epoll event loop, with no Netty
 * channel: the socket's descriptor joins the loop's epoll set ({@link EpollIoHandle}), and when it
 * is readable the loop calls {@link #handle}, which reads up to {@code datagramsPerWakeup}
 * datagrams ({@code recvmmsg} by {@code datagramsPerCall}, stopping after a call that filled fewer
 * slots than it had: the queue was empty), gives each to the {@link
 * RendezvousHandler} and lets it flush their answers ({@code sendmmsg}). The handler keeps its
 * thread, so its timers, the tasks other loops hand it, the TCP front door on the same loop and
 * the signature pool's results are served exactly as with Netty's channel (decision 0081).
 *
 * <p>The descriptor is registered level-triggered: what a wake-up leaves unread wakes the loop
 * again after its other work. Answers the kernel cannot take (a full send buffer) wait in the
 * socket's bounded backlog ({@link NativeSendQueue}) while the edge watches for EPOLLOUT too; when
 * the socket is writable the backlog goes first and EPOLLOUT is dropped again once it is empty (a
 * level-triggered EPOLLOUT left on would wake the loop without end). What overflows the backlog is
 * dropped and counted ({@code p2pcam_udp_unsent_total}); so is what still waits when the port
 * closes, after one last try to send it, and what is sent after the close.
 *
 * <p>Event loop only, except {@link #start}, {@link #stop}, {@link #isActive} and the getters.
 */
final class NativeUdpEdge implements EpollIoHandle, DatagramSender, UdpPort {
    private final NativeUdpSocket socket;
    /** Netty's view of the descriptor, for its epoll set only: the socket closes it, never this. */
    private final FileDescriptor fd;

    private final IoEventLoop loop;
    private final RendezvousHandler handler;
    private final CloudMetrics metrics;
    private final int datagramsPerCall;
    private final int datagramsPerWakeup;
    private final int port;
    private final Integer receiveBuffer;
    private final Integer sendBuffer;
    private final byte[] copy = new byte[NativeUdpSocket.SLOT_BYTES];
    private final SenderCache senders = new SenderCache();
    private IoRegistration registration;
    private long unsentCounted;
    /** Whether EPOLLOUT is asked for: answers wait for room in the send buffer. */
    private boolean waitingForRoom;

    private long wakeUps;
    private long receiveCalls;
    private volatile boolean open = true;

    private NativeUdpEdge(
            NativeUdpSocket socket,
            IoEventLoop loop,
            RendezvousHandler handler,
            CloudMetrics metrics,
            UdpSocketOptions options)
            throws IOException {
        this.socket = socket;
        this.fd = new FileDescriptor(socket.fd());
        this.loop = loop;
        this.handler = handler;
        this.metrics = metrics;
        this.datagramsPerCall = options.datagramsPerCall();
        this.datagramsPerWakeup = options.datagramsPerWakeup();
        this.port = socket.localAddress().getPort();
        this.receiveBuffer = socket.receiveBufferBytes();
        this.sendBuffer = socket.sendBufferBytes();
    }

    /**
     * Binds a socket to {@code address} and serves it on {@code loop} (an epoll loop) with {@code
     * handler}; returns once it serves.
     *
     * @throws java.net.BindException when the address or port cannot be bound
     * @throws IOException when the socket cannot be made or joined to the loop
     */
    static NativeUdpEdge start(
            InetSocketAddress address,
            UdpSocketOptions options,
            boolean reusePort,
            IoEventLoop loop,
            RendezvousHandler handler,
            CloudMetrics metrics)
            throws IOException {
        NativeUdpSocket socket = NativeUdpSocket.open(address, options, reusePort);
        NativeUdpEdge edge;
        try {
            edge = new NativeUdpEdge(socket, loop, handler, metrics, options);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
        handler.joinLoop(loop);
        // Netty closes what is registered when its loop shuts down, unless the shutdown comes between
        // two of the loop's checks: then the descriptor would stay open after the loop has gone.
        loop.terminationFuture().addListener(stopped -> edge.closeAfterLoop());
        try {
            IoRegistration registration = loop.register(edge).get(5, TimeUnit.SECONDS);
            loop.submit(() -> edge.serve(registration)).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            edge.stop();
            throw new IOException("interrupted while joining the UDP socket to its event loop", e);
        } catch (ExecutionException | TimeoutException e) {
            edge.stop();
            throw new IOException("cannot join the UDP socket to its event loop: " + e.getMessage(), e);
        }
        return edge;
    }

    /** On the loop: start watching for datagrams and let the handler serve. */
    private void serve(IoRegistration registration) {
        this.registration = registration;
        registration.submit(EpollIoOps.EPOLLIN);
        handler.serveOn(this);
    }

    @Override
    public FileDescriptor fd() {
        return fd;
    }

    /**
     * The socket is writable (answers wait: they go first, in order), readable (read a wake-up's
     * worth, then flush) or has an error to report (read: the call reports it).
     */
    @Override
    public void handle(IoRegistration registration, IoEvent event) {
        if (!socket.isOpen()) {
            return;
        }
        wakeUps++;
        EpollIoOps ops = ((EpollIoEvent) event).ops();
        if (ops.contains(EpollIoOps.EPOLLOUT)) {
            flush();
        }
        if (ops.contains(EpollIoOps.EPOLLIN) || ops.contains(EpollIoOps.EPOLLERR)) {
            read();
        }
    }

    private void read() {
        int read = 0;
        try {
            while (read < datagramsPerWakeup) {
                int received = socket.receive();
                receiveCalls++;
                for (int i = 0; i < received; i++) {
                    // A datagram cut to its slot keeps the slot's length, longer than any cloud datagram:
                    // the core drops it as too long, as it does behind Netty's recvmmsg.
                    int length = socket.length(i);
                    socket.copy(i, copy);
                    try {
                        handler.received(copy, length, socket.sender(i, senders));
                    } catch (RuntimeException e) {
                        handler.report(e); // one datagram's bug costs that datagram
                    }
                }
                read += received;
                if (received < datagramsPerCall) {
                    // The queue was empty before the slots were: another call would find it empty
                    // too (EAGAIN), a system call for nothing. What arrives from now on wakes the
                    // loop again: the descriptor is level-triggered (Netty's channel stops likewise).
                    break;
                }
            }
        } catch (IOException e) {
            handler.report(e);
        }
        handler.afterReadBatch();
    }

    @Override
    public void send(byte[] data, InetSocketAddress to) {
        if (socket.isOpen()) {
            socket.queue(data, to);
        } else {
            metrics.udpUnsent(1); // a task handed over before the close still answers: it is lost
        }
    }

    @Override
    public void flush() {
        if (!socket.isOpen()) {
            return;
        }
        boolean drained = socket.flush();
        if (drained == waitingForRoom) {
            // Ask to be woken when the kernel has room, only while answers wait for it.
            waitingForRoom = !drained;
            registration.submit(drained ? EpollIoOps.EPOLLIN : EpollIoOps.EPOLLIN.with(EpollIoOps.EPOLLOUT));
        }
        countUnsent();
    }

    /** Adds to {@code p2pcam_udp_unsent_total} what the socket dropped since the last count. */
    private void countUnsent() {
        long unsent = socket.unsentDatagrams();
        if (unsent != unsentCounted) {
            metrics.udpUnsent(unsent - unsentCounted);
            unsentCounted = unsent;
        }
    }

    /** How often the loop has called {@link #handle}: a loop woken without end shows here. */
    long wakeUps() {
        return wakeUps;
    }

    /** How many {@code recvmmsg} calls the edge has made (on the loop): one a wake-up, unless full. */
    long receiveCalls() {
        return receiveCalls;
    }

    /** Answers waiting in the send backlog (on the loop). */
    int waitingAnswers() {
        return socket.isOpen() ? socket.queued() : 0;
    }

    @Override
    public void release() {
        // The socket's memory is this edge's and goes with close().
    }

    /**
     * On the loop: leaves the epoll set, closes the socket (which gives the answers still queued one
     * last try) and tells the handler; what did not leave is counted unsent. Netty calls it too when
     * the loop shuts down with the socket still registered.
     */
    @Override
    public void close() {
        if (!socket.isOpen()) {
            return;
        }
        if (registration != null) {
            registration.cancel(); // while the descriptor is open: epoll forgets it
        }
        socket.close();
        countUnsent();
        open = false; // only now: who sees the port inactive may bind its number again
        handler.portClosed();
    }

    /**
     * The loop has terminated (nothing runs on it any more, and all it wrote is visible here):
     * closes the socket if it still is open, counting what it could not send.
     */
    private void closeAfterLoop() {
        if (socket.isOpen()) {
            socket.close(); // the loop's epoll set is gone with the loop
            countUnsent();
            open = false;
        }
    }

    @Override
    public EventLoop eventLoop() {
        return loop;
    }

    @Override
    public int localPort() {
        return port;
    }

    @Override
    public boolean isActive() {
        return open;
    }

    @Override
    public Integer receiveBufferBytes() {
        return receiveBuffer;
    }

    @Override
    public Integer sendBufferBytes() {
        return sendBuffer;
    }

    @Override
    public void stop() {
        if (loop.inEventLoop()) {
            close();
            return;
        }
        try {
            loop.submit(this::close).await(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // The loop has stopped: it closed every handle registered with it, this one too.
            if (registration == null) {
                close(); // never registered: nobody else will
            }
        }
    }
}
