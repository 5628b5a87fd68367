package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.Channel;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MaxMessagesRecvByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.epoll.EpollChannelOption;
import io.p2pcam.cloud.core.CloudConfig;
import io.p2pcam.cloud.core.CloudConfig.RateLimit;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage.Lookup;
import io.p2pcam.protocol.cloud.CloudMessage.LookupResult;
import io.p2pcam.protocol.identity.CameraId;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The UDP sockets' buffers and read batches (docs/ADMIN.md) reach every socket and keep every answer. */
class UdpSocketOptionsTest {
    /** Below Linux's default rmem_max/wmem_max (208 KiB), so the kernel grants them whole; not its defaults. */
    private static final int RECEIVE = 150 * 1024;

    private static final int SEND = 100 * 1024;

    @ParameterizedTest
    @EnumSource(UdpIo.class)
    void theBuffersAskedForReachEveryLoopsSocket(UdpIo io) throws Exception {
        UdpSocketOptions options = new UdpSocketOptions(RECEIVE, SEND, 8, 40);
        try (CloudServer server = CloudServer.start(CloudServerSettings.loopbackEphemeral()
                .withEventLoops(2)
                .withUdpSocketOptions(options)
                .withUdpIo(io))) {
            assertThat(server.udpPorts()).isNotEmpty();
            for (UdpPort port : server.udpPorts()) {
                int receive = port.receiveBufferBytes();
                int send = port.sendBufferBytes();
                // Linux reports twice what it grants (the kernel's bookkeeping); other systems what was asked.
                assertThat(receive).isIn(RECEIVE, 2 * RECEIVE);
                assertThat(send).isIn(SEND, 2 * SEND);
            }
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void withEpollEachReadCallTakesTheDatagramsAskedForAndAWakeupReadsUpToItsBudget() throws Exception {
        UdpSocketOptions options = new UdpSocketOptions(RECEIVE, SEND, 8, 40);
        try (CloudServer server = CloudServer.start(CloudServerSettings.loopbackEphemeral()
                .withEventLoops(2)
                .withUdpSocketOptions(options)
                .withUdpIo(UdpIo.NETTY))) {
            assertThat(server.transport()).isEqualTo(UdpTransport.EPOLL);
            assertThat(server.udpPorts()).hasSize(2);
            for (UdpPort port : server.udpPorts()) {
                Channel channel = ((NettyUdpPort) port).channel();
                RecvByteBufAllocator allocator = channel.config().getRecvByteBufAllocator();
                assertThat(((MaxMessagesRecvByteBufAllocator) allocator).maxMessagesPerRead())
                        .as("datagrams a wake-up reads before flushing")
                        .isEqualTo(40);
                int slot = channel.config().getOption(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE);
                assertThat(slot).isEqualTo(RendezvousHandler.COPY_BUFFER_BYTES);
                assertThat(allocator.newHandle().guess())
                        .as("one recvmmsg buffer: a slot per datagram")
                        .isEqualTo(8 * slot);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(UdpIo.class)
    @EnabledOnOs(OS.LINUX)
    void anIpv4BindAddressGetsAnIpv4SocketOnEveryLoop(UdpIo io) throws Exception {
        try (CloudServer server = CloudServer.start(
                CloudServerSettings.loopbackEphemeral().withEventLoops(2).withUdpIo(io))) {
            assertThat(server.udpIo()).isEqualTo(io);
            assertThat(server.transport()).isEqualTo(UdpTransport.EPOLL);
            int port = server.udpAddress().getPort();
            // The kernel lists each socket in the table of its family: an IPv6 socket bound to
            // ::ffff:127.0.0.1 would be in /proc/net/udp6.
            assertThat(socketsOnPort("/proc/net/udp", port)).isEqualTo(2);
            assertThat(socketsOnPort("/proc/net/udp6", port)).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(UdpIo.class)
    @EnabledOnOs(OS.LINUX)
    void theIpv4WildcardStillAnswersOverIpv6(UdpIo io) throws Exception {
        InetAddress ipv6Loopback = InetAddress.getByName("::1");
        try (CloudServer server = CloudServer.start(CloudServerSettings.loopbackEphemeral()
                        .withBindAddress(InetAddress.getByName("0.0.0.0"))
                        .withUdpIo(io));
                DatagramSocket viewer = new DatagramSocket(new InetSocketAddress(ipv6Loopback, 0))) {
            viewer.setSoTimeout((int) UdpPeer.REPLY_TIMEOUT.toMillis());
            byte[] lookup = CloudCodec.encode(new Lookup(7, new TestCamera().id()));
            viewer.send(new DatagramPacket(
                    lookup, lookup.length, ipv6Loopback, server.udpAddress().getPort()));
            byte[] buffer = new byte[2048];
            DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
            viewer.receive(reply);
            assertThat(((LookupResult) CloudCodec.decode(buffer, 0, reply.getLength())).transaction())
                    .isEqualTo(7);
        }
    }

    /** Sockets bound to local {@code port} in one of the kernel's UDP tables. */
    private static long socketsOnPort(String table, int port) throws IOException {
        String local = String.format(":%04X", port);
        try (Stream<String> lines = Files.lines(Path.of(table))) {
            return lines.skip(1)
                    .map(line -> line.trim().split("\\s+")[1])
                    .filter(address -> address.endsWith(local))
                    .count();
        }
    }

    @Test
    void withoutEpollAReadCallTakesOneDatagram() {
        FixedRecvByteBufAllocator allocator =
                UdpPorts.receiveAllocator(UdpTransport.NIO, new UdpSocketOptions(RECEIVE, SEND, 8, 40));

        assertThat(allocator.newHandle().guess()).isEqualTo(RendezvousHandler.COPY_BUFFER_BYTES);
        assertThat(allocator.maxMessagesPerRead()).isEqualTo(40);
    }

    @ParameterizedTest
    @EnumSource(UdpIo.class)
    void aBurstLongerThanManyWakeupsIsAnsweredInFull(UdpIo io) throws Exception {
        CloudConfig defaults = CloudConfig.defaults();
        RateLimit unlimited = new RateLimit(1_000_000, 1_000_000);
        CloudConfig config = new CloudConfig(
                defaults.keepaliveInterval(),
                defaults.missedKeepalives(),
                defaults.challengeLifetime(),
                defaults.connectTimeout(),
                defaults.registrationRate(),
                unlimited,
                defaults.maxCameras(),
                defaults.maxPendingConnects(),
                defaults.relay(),
                defaults.quotas());
        // Small batches: a burst of 300 takes many recvmmsg calls and wake-ups, each flushed on its own.
        UdpSocketOptions options = new UdpSocketOptions(1 << 20, 1 << 20, 4, 12);
        int burst = 300;
        try (CloudServer server = CloudServer.start(CloudServerSettings.loopbackEphemeral()
                        .withCloud(config)
                        .withUdpSocketOptions(options)
                        .withUdpIo(io));
                DatagramSocket viewer =
                        new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            viewer.setReceiveBufferSize(1 << 20); // room for every answer while the burst is still going out
            viewer.setSoTimeout((int) UdpPeer.REPLY_TIMEOUT.toMillis());
            CameraId nobody = new TestCamera().id();
            for (int i = 0; i < burst; i++) {
                byte[] lookup = CloudCodec.encode(new Lookup(i, nobody));
                viewer.send(new DatagramPacket(lookup, lookup.length, server.udpAddress()));
            }
            Set<Long> answered = new HashSet<>();
            byte[] buffer = new byte[2048];
            for (int i = 0; i < burst; i++) {
                DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
                viewer.receive(reply);
                answered.add(((LookupResult) CloudCodec.decode(buffer, 0, reply.getLength())).transaction());
            }
            assertThat(answered).hasSize(burst);
        }
    }

    @Test
    void aWakeupBudgetBelowOneCallIsRefused() {
        assertThatThrownBy(() -> new UdpSocketOptions(RECEIVE, SEND, 32, 16))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("per wake-up");
        assertThatThrownBy(() -> new UdpSocketOptions(RECEIVE, SEND, 2000, 4000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("per call");
    }
}
