package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.p2pcam.cloud.core.CloudConfig;
import io.p2pcam.cloud.core.Rendezvous;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage.Lookup;
import io.p2pcam.protocol.cloud.CloudMessage.LookupResult;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The native UDP edge on a real epoll event loop: serving, closing while registered, the loop's end. */
class NativeUdpEdgeTest {
    @BeforeAll
    static void onlyWhereTheNativeEdgeRuns() {
        UdpIo.Choice choice = UdpIo.choose(UdpIo.NATIVE, UdpTransport.best());
        assumeTrue(choice.io() == UdpIo.NATIVE, () -> "no native UDP edge here: " + choice.fallbackReason());
    }

    @Test
    void aCloudOnTheNativeEdgeSaysSoAndAnswers() throws Exception {
        try (CloudServer server = CloudServer.start(
                        CloudServerSettings.loopbackEphemeral().withUdpIo(UdpIo.NATIVE));
                DatagramSocket viewer = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            assertThat(server.udpIo()).isEqualTo(UdpIo.NATIVE);
            assertThat(server.transportLabel()).isEqualTo("native");
            assertThat(server.metrics().scrape()).contains("p2pcam_transport{type=\"native\"} 1");
            assertThat(lookup(viewer, server.udpAddress(), 5)).isEqualTo(5);
        }
    }

    @Test
    void aPortClosedWhileRegisteredFailsTheHealthCheckAndTheOtherLoopKeepsThePort() throws Exception {
        try (CloudServer server = CloudServer.start(CloudServerSettings.loopbackEphemeral()
                        .withEventLoops(2)
                        .withUdpIo(UdpIo.NATIVE));
                DatagramSocket viewer = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            UdpPort second = server.udpPorts().get(1);

            second.stop();

            assertThat(second.isActive()).isFalse();
            assertThat(server.isHealthy()).isFalse();
            // The closed socket left the port's SO_REUSEPORT group: every datagram reaches the first loop.
            assertThat(lookup(viewer, server.udpAddress(), 9)).isEqualTo(9);
            second.stop(); // twice: nothing more happens
        }
    }

    @Test
    void aLoopThatShutsDownWithTheSocketRegisteredClosesIt() throws Exception {
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        CloudMetrics metrics = new CloudMetrics(UdpTransport.EPOLL, UdpIo.NATIVE);
        Rendezvous core = new Rendezvous(CloudConfig.defaults(), new Random(3), metrics, 0);
        RendezvousHandler handler = new RendezvousHandler(core, metrics, () -> 0);
        NativeUdpEdge edge;
        try {
            edge = NativeUdpEdge.start(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    UdpSocketOptions.defaults(),
                    false,
                    group.next(),
                    handler,
                    metrics);
        } finally {
            assertThat(group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS))
                    .isTrue();
        }

        // Closed by Netty on the loop as it shuts down, or by the edge once the loop has gone.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (edge.isActive() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(edge.isActive()).isFalse();
        // The port is free again: a socket without SO_REUSEPORT binds it.
        InetSocketAddress freed = new InetSocketAddress(InetAddress.getLoopbackAddress(), edge.localPort());
        try (NativeUdpSocket again = NativeUdpSocket.open(freed, UdpSocketOptions.defaults(), false)) {
            assertThat(again.localAddress()).isEqualTo(freed);
        }
    }

    @Test
    void anAnswerTheSocketCannotSendIsCountedInTheMetrics() throws Exception {
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        CloudMetrics metrics = new CloudMetrics(UdpTransport.EPOLL, UdpIo.NATIVE);
        try {
            NativeUdpEdge edge = startEdge(group, metrics);
            // An IPv6 destination from an IPv4 socket: the kernel could not take it.
            edge.eventLoop()
                    .submit(() -> {
                        edge.send(new byte[] {1}, new InetSocketAddress("::1", 9));
                        edge.flush();
                    })
                    .get(5, TimeUnit.SECONDS);

            assertThat(metrics.udpUnsentTotal()).isEqualTo(1);
            assertThat(metrics.scrape()).contains("p2pcam_udp_unsent_total 1\n");
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void anAnswerQueuedButNotFlushedWhenThePortClosesIsSentBeforeTheSocketCloses() throws Exception {
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        CloudMetrics metrics = new CloudMetrics(UdpTransport.EPOLL, UdpIo.NATIVE);
        try (DatagramSocket viewer = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            NativeUdpEdge edge = startEdge(group, metrics);
            edge.eventLoop()
                    .submit(() -> {
                        edge.send(new byte[] {42}, (InetSocketAddress) viewer.getLocalSocketAddress());
                        edge.stop(); // on the loop, before any flush
                    })
                    .get(5, TimeUnit.SECONDS);

            viewer.setSoTimeout((int) UdpPeer.REPLY_TIMEOUT.toMillis());
            DatagramPacket answer = new DatagramPacket(new byte[16], 16);
            viewer.receive(answer);
            assertThat(answer.getLength()).isEqualTo(1);
            assertThat(answer.getData()[0]).isEqualTo((byte) 42);
            assertThat(metrics.udpUnsentTotal()).isZero();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void anAnswerForAPortAlreadyClosedIsCountedUnsent() throws Exception {
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        CloudMetrics metrics = new CloudMetrics(UdpTransport.EPOLL, UdpIo.NATIVE);
        try {
            NativeUdpEdge edge = startEdge(group, metrics);
            edge.stop();
            // A task another loop handed over before the close still makes its answer.
            edge.eventLoop()
                    .submit(() -> {
                        edge.send(new byte[] {1}, new InetSocketAddress(InetAddress.getLoopbackAddress(), 9));
                        edge.flush();
                    })
                    .get(5, TimeUnit.SECONDS);

            assertThat(metrics.udpUnsentTotal()).isEqualTo(1);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aWakeUpWhoseReadFillsFewerSlotsThanItHasReadsNoMore() throws Exception {
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        CloudMetrics metrics = new CloudMetrics(UdpTransport.EPOLL, UdpIo.NATIVE);
        try (DatagramSocket viewer = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            NativeUdpEdge edge = startEdge(group, metrics);
            InetSocketAddress cloud = new InetSocketAddress(InetAddress.getLoopbackAddress(), edge.localPort());
            long wakeUpsBefore = edge.eventLoop().submit(edge::wakeUps).get(5, TimeUnit.SECONDS);
            long callsBefore = edge.eventLoop().submit(edge::receiveCalls).get(5, TimeUnit.SECONDS);

            int lookups = 10;
            for (int i = 0; i < lookups; i++) {
                assertThat(lookup(viewer, cloud, i)).isEqualTo(i); // one datagram a wake-up: 1 of 32 slots
            }

            // No recvmmsg that could only answer EAGAIN after the short one: one call a wake-up.
            long wakeUps = edge.eventLoop().submit(edge::wakeUps).get(5, TimeUnit.SECONDS) - wakeUpsBefore;
            long calls = edge.eventLoop().submit(edge::receiveCalls).get(5, TimeUnit.SECONDS) - callsBefore;
            assertThat(wakeUps).isGreaterThanOrEqualTo(lookups);
            assertThat(calls).isEqualTo(wakeUps);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void datagramsArrivingWhileAShortReadIsServedWakeTheLoopAgainAndAreAllAnswered() throws Exception {
        UdpSocketOptions fourSlots = new UdpSocketOptions(1 << 20, 1 << 20, 4, 8);
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        CloudMetrics metrics = new CloudMetrics(UdpTransport.EPOLL, UdpIo.NATIVE);
        CloudConfig.RateLimit unlimited = new CloudConfig.RateLimit(1_000_000, 1_000_000);
        try (DatagramSocket viewer = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            viewer.setReceiveBufferSize(1 << 20);
            NativeUdpEdge edge =
                    startEdge(group, metrics, fourSlots, CloudConfig.defaults().withRates(unlimited, unlimited));
            InetSocketAddress cloud = new InetSocketAddress(InetAddress.getLoopbackAddress(), edge.localPort());
            byte[] lookup = CloudCodec.encode(new Lookup(1, new TestCamera().id()));
            // Sent one by one while the loop reads: many reads find 1-3 of their 4 slots filled and
            // stop, with the next datagram landing just after. Each must wake the loop again.
            int count = 400;
            for (int i = 0; i < count; i++) {
                viewer.send(new DatagramPacket(lookup, lookup.length, cloud));
            }

            viewer.setSoTimeout((int) UdpPeer.REPLY_TIMEOUT.toMillis());
            byte[] buffer = new byte[2048];
            for (int i = 0; i < count; i++) {
                viewer.receive(new DatagramPacket(buffer, buffer.length));
            }
            assertThat(metrics.scrape()).contains("p2pcam_packets_out_total " + count + "\n");
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        }
    }

    private static NativeUdpEdge startEdge(MultiThreadIoEventLoopGroup group, CloudMetrics metrics) throws Exception {
        return startEdge(group, metrics, UdpSocketOptions.defaults(), CloudConfig.defaults());
    }

    /** An edge on loopback, on {@code group}'s loop, serving a core of {@code config}. */
    private static NativeUdpEdge startEdge(
            MultiThreadIoEventLoopGroup group, CloudMetrics metrics, UdpSocketOptions options, CloudConfig config)
            throws Exception {
        Rendezvous core = new Rendezvous(config, new Random(3), metrics, 0);
        return NativeUdpEdge.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                options,
                false,
                group.next(),
                new RendezvousHandler(core, metrics, () -> 0),
                metrics);
    }

    @Test
    void oneWakeUpReadsAtMostItsShareOfAFloodAndLeavesTheRestForTheNextTurn() throws Exception {
        UdpSocketOptions smallWakeUps = new UdpSocketOptions(1 << 20, 1 << 20, 4, 8);
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        CloudMetrics metrics = new CloudMetrics(UdpTransport.EPOLL, UdpIo.NATIVE);
        try (DatagramSocket viewer = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            NativeUdpEdge edge = startEdge(group, metrics, smallWakeUps, CloudConfig.defaults());
            InetSocketAddress cloud = new InetSocketAddress(InetAddress.getLoopbackAddress(), edge.localPort());
            int flood = 40;
            // The loop is kept busy while the flood lands in the socket's buffer, all of it at once.
            long before = edge.eventLoop().submit(edge::wakeUps).get(5, TimeUnit.SECONDS);
            CountDownLatch busy = new CountDownLatch(1);
            edge.eventLoop().execute(() -> awaitQuietly(busy));
            byte[] lookup = CloudCodec.encode(new Lookup(1, new TestCamera().id()));
            for (int i = 0; i < flood; i++) {
                viewer.send(new DatagramPacket(lookup, lookup.length, cloud));
            }
            busy.countDown();

            viewer.setSoTimeout((int) UdpPeer.REPLY_TIMEOUT.toMillis());
            byte[] buffer = new byte[2048];
            for (int i = 0; i < flood; i++) {
                viewer.receive(new DatagramPacket(buffer, buffer.length));
            }
            // Each wake-up read 8 at most, then let the loop's other work run before the next 8.
            long wakeUps = edge.eventLoop().submit(edge::wakeUps).get(5, TimeUnit.SECONDS) - before;
            assertThat(wakeUps).isGreaterThanOrEqualTo(flood / smallWakeUps.datagramsPerWakeup());
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends a LOOKUP of an unknown camera; the transaction of the answer (other native-edge tests use it too). */
    static long lookup(DatagramSocket viewer, InetSocketAddress cloud, int transaction) throws Exception {
        viewer.setSoTimeout((int) UdpPeer.REPLY_TIMEOUT.toMillis());
        byte[] lookup = CloudCodec.encode(new Lookup(transaction, new TestCamera().id()));
        viewer.send(new DatagramPacket(lookup, lookup.length, cloud));
        byte[] buffer = new byte[2048];
        DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
        viewer.receive(reply);
        return ((LookupResult) CloudCodec.decode(buffer, 0, reply.getLength())).transaction();
    }
}
