package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.p2pcam.cloud.core.CloudConfig;
import io.p2pcam.cloud.core.Rendezvous;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The native edge's send side when the kernel's send buffer is full for real: a namespace of its
 * own whose loopback sends through a token bucket (tc tbf, 20 Mbit/s), so datagrams wait in the
 * queueing discipline charged to the sender's SO_SNDBUF (4 KiB asked) and {@code sendmmsg} answers
 * EAGAIN, as on a busy uplink. (Plain loopback never does: it frees the sender's buffer at once.)
 * Needs root; skipped elsewhere.
 */
class NativeUdpSendBacklogTest {
    private static final UdpSocketOptions TINY_SEND_BUFFER = new UdpSocketOptions(1 << 20, 4096, 4, 8);
    private static final int DATAGRAM_BYTES = 1000;
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private NetworkNamespace namespace;
    private MultiThreadIoEventLoopGroup group;

    @BeforeAll
    static void onlyAsRoot() {
        assumeTrue(NetworkNamespace.available(), "a network namespace with a shaped loopback needs root");
    }

    @BeforeEach
    void shapedLoopback() throws Exception {
        namespace = NetworkNamespace.create("p2pcam-sendbacklog");
        namespace.in(
                "tc", "qdisc", "add", "dev", "lo", "root", "tbf", "rate", "20mbit", "burst", "16kb", "limit", "4mb");
        group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    }

    @AfterEach
    void removeIt() throws Exception {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        namespace.close();
    }

    @Test
    void answersBeyondAFullSendBufferWaitForTheSocketAndAllArriveInOrder() throws Exception {
        CloudMetrics metrics = new CloudMetrics(UdpTransport.EPOLL, UdpIo.NATIVE);
        NativeUdpEdge edge = namespace.open(() -> startEdge(metrics));
        try (DatagramSocket receiver = namespace.open(NativeUdpSendBacklogTest::receiver)) {
            int count = 300; // 300 kB: some 8 fit the 8 KiB buffer the kernel grants for 4 KiB asked
            edge.eventLoop().submit(() -> queueNumbered(edge, count, receiver)).get(5, TimeUnit.SECONDS);

            List<Integer> arrived = receiveUntil(receiver, count);

            assertThat(metrics.udpUnsentTotal()).isZero();
            assertThat(arrived).hasSize(count).isSorted();
            assertThat(onLoop(edge, edge::waitingAnswers)).isZero();

            // Drained: EPOLLOUT is no longer asked for. Left on, the always-writable socket would wake
            // the loop again and again (level-triggered) while these round trips take their time.
            long before = onLoop(edge, edge::wakeUps);
            int roundTrips = 20;
            for (int i = 0; i < roundTrips; i++) {
                assertThat(NativeUdpEdgeTest.lookup(
                                receiver, new InetSocketAddress(InetAddress.getLoopbackAddress(), edge.localPort()), i))
                        .isEqualTo(i);
            }
            long wakeUps = onLoop(edge, edge::wakeUps) - before;
            assertThat(wakeUps).isBetween((long) roundTrips, 2L * roundTrips);
        }
    }

    @Test
    void theBacklogHoldsItsBoundAndWhatOverflowsIsCountedNotQueued() throws Exception {
        int bound = 16;
        int count = 200;
        try (NativeUdpSocket socket = namespace.open(() -> NativeUdpSocket.open(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), TINY_SEND_BUFFER, false, bound));
                DatagramSocket receiver = namespace.open(NativeUdpSendBacklogTest::receiver)) {
            for (int i = 0; i < count; i++) {
                socket.queue(numbered(i), (InetSocketAddress) receiver.getLocalSocketAddress());
                assertThat(socket.queued()).isLessThanOrEqualTo(bound);
            }
            long deadline = System.nanoTime() + DEADLINE_NANOS;
            while (!socket.flush() && System.nanoTime() < deadline) {
                Thread.onSpinWait(); // what an EPOLLOUT wake-up would do, as often as it can
            }
            assertThat(socket.queued()).isZero();

            List<Integer> arrived = receiveUntil(receiver, count);

            // 8 KiB of kernel buffer and 16 waiting slots took some; the rest was dropped and counted.
            assertThat(socket.unsentDatagrams()).isPositive();
            assertThat(arrived.size() + socket.unsentDatagrams()).isEqualTo(count);
            assertThat(arrived).isSorted().doesNotHaveDuplicates();
        }
    }

    @Test
    void answersStillWaitingWhenTheEdgeStopsGetOneLastTryAndWhatStaysIsCountedUnsent() throws Exception {
        CloudMetrics metrics = new CloudMetrics(UdpTransport.EPOLL, UdpIo.NATIVE);
        NativeUdpEdge edge = namespace.open(() -> startEdge(metrics));
        try (DatagramSocket receiver = namespace.open(NativeUdpSendBacklogTest::receiver)) {
            int count = 300;
            int waitingAtClose = edge.eventLoop()
                    .submit(() -> {
                        queueNumbered(edge, count, receiver);
                        int waiting = edge.waitingAnswers();
                        edge.stop(); // on the loop: closes at once, the backlog still full
                        return waiting;
                    })
                    .get(5, TimeUnit.SECONDS);

            List<Integer> arrived = receiveUntil(receiver, count);

            assertThat(waitingAtClose).isPositive();
            assertThat(edge.isActive()).isFalse();
            assertThat(arrived).isSorted().doesNotHaveDuplicates();
            assertThat(metrics.udpUnsentTotal())
                    .as("answers lost at close (%d arrived of %d)", arrived.size(), count)
                    .isEqualTo(count - arrived.size());
        }
    }

    @Test
    void answersStillWaitingWhenTheLoopShutsDownAreCountedUnsent() throws Exception {
        CloudMetrics metrics = new CloudMetrics(UdpTransport.EPOLL, UdpIo.NATIVE);
        NativeUdpEdge edge = namespace.open(() -> startEdge(metrics));
        try (DatagramSocket receiver = namespace.open(NativeUdpSendBacklogTest::receiver)) {
            int count = 300;
            edge.eventLoop().submit(() -> queueNumbered(edge, count, receiver)).get(5, TimeUnit.SECONDS);

            assertThat(group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS))
                    .isTrue();
            List<Integer> arrived = receiveUntil(receiver, count);

            // Netty closes the registered socket as the loop shuts down, or the edge once it has gone.
            long deadline = System.nanoTime() + DEADLINE_NANOS;
            while ((edge.isActive() || metrics.udpUnsentTotal() + arrived.size() < count)
                    && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(edge.isActive()).isFalse();
            assertThat(metrics.udpUnsentTotal())
                    .as("answers lost at close (%d arrived of %d)", arrived.size(), count)
                    .isEqualTo(count - arrived.size());
        }
    }

    /** On the loop: {@code count} numbered answers for {@code receiver}, flushed; most wait in the backlog. */
    private static void queueNumbered(NativeUdpEdge edge, int count, DatagramSocket receiver) {
        for (int i = 0; i < count; i++) {
            edge.send(numbered(i), (InetSocketAddress) receiver.getLocalSocketAddress());
        }
        edge.flush();
    }

    private static <T> T onLoop(NativeUdpEdge edge, java.util.concurrent.Callable<T> read) throws Exception {
        return edge.eventLoop().submit(read).get(5, TimeUnit.SECONDS);
    }

    private NativeUdpEdge startEdge(CloudMetrics metrics) throws Exception {
        Rendezvous core = new Rendezvous(CloudConfig.defaults(), new Random(3), metrics, 0);
        return NativeUdpEdge.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                TINY_SEND_BUFFER,
                false,
                group.next(),
                new RendezvousHandler(core, metrics, () -> 0),
                metrics);
    }

    private static DatagramSocket receiver() throws Exception {
        DatagramSocket receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        receiver.setReceiveBufferSize(4 << 20);
        return receiver;
    }

    static byte[] numbered(int i) {
        return ByteBuffer.allocate(DATAGRAM_BYTES).putInt(0, i).array();
    }

    /** The numbers of the datagrams that arrive, until {@code count} did or none came for a second. */
    static List<Integer> receiveUntil(DatagramSocket receiver, int count) throws Exception {
        List<Integer> arrived = new ArrayList<>();
        receiver.setSoTimeout(1000);
        byte[] buffer = new byte[2048];
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (arrived.size() < count && System.nanoTime() < deadline) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                receiver.receive(packet);
            } catch (SocketTimeoutException e) {
                break; // nothing more is on its way
            }
            arrived.add(ByteBuffer.wrap(buffer).getInt(0));
        }
        return arrived;
    }
}
