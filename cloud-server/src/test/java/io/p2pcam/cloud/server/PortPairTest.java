package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class PortPairTest {
    /**
     * A kernel that picks the lowest UDP port free, so that a pick let go would be picked again:
     * UdpBlockedViewerTest once failed with "TCP port 33180 ... is already in use" when its cloud's
     * UDP port 0 came out as a number an outgoing TCP connection held.
     */
    private static final class LowestFirst implements PortPair.UdpSide {
        final Set<Integer> bound = new TreeSet<>();
        final Set<Integer> released = new HashSet<>();

        @Override
        public PortPair.Pick bindAny() {
            int port = 40_000;
            while (bound.contains(port)) {
                port++;
            }
            bound.add(port);
            int pick = port;
            return new PortPair.Pick(pick, () -> {
                bound.remove(pick);
                released.add(pick);
            });
        }
    }

    @Test
    void aPickWhoseTcpPortIsTakenIsHeldWhileTheKernelPicksAgain() throws IOException {
        LowestFirst kernel = new LowestFirst();
        Set<Integer> tcpTaken = Set.of(40_000, 40_001);

        int port = PortPair.find(kernel, candidate -> !tcpTaken.contains(candidate), "0.0.0.0");

        assertThat(port).isEqualTo(40_002);
        assertThat(kernel.bound).as("every throwaway pick let go").isEmpty();
        assertThat(kernel.released).containsExactlyInAnyOrder(40_000, 40_001, 40_002);
    }

    @Test
    void whenEveryPickIsTakenForTcpThePortInUseIsReportedAndNothingIsLeftBound() {
        LowestFirst kernel = new LowestFirst();

        assertThatThrownBy(() -> PortPair.find(kernel, candidate -> false, "0.0.0.0"))
                .isInstanceOf(PortInUseException.class)
                .hasMessage("TCP port " + (40_000 + PortPair.ATTEMPTS - 1) + " on 0.0.0.0 is already in use");
        assertThat(kernel.bound).isEmpty();
        assertThat(kernel.released).hasSize(PortPair.ATTEMPTS);
    }

    @Test
    void theRealPickIsFreeForBothAUdpSocketAndATcpListener() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();

        int port = PortPair.freeForBoth(loopback);

        try (DatagramChannel udp = DatagramChannel.open();
                ServerSocketChannel tcp = ServerSocketChannel.open()) {
            udp.bind(new InetSocketAddress(loopback, port));
            tcp.bind(new InetSocketAddress(loopback, port));
            assertThat(udp.socket().getLocalPort()).isEqualTo(tcp.socket().getLocalPort());
        }
    }

    @Test
    void aRealPickPassesOverAPortWhoseTcpSideIsListenedOn() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocketChannel someoneElse = ServerSocketChannel.open()) {
            someoneElse.bind(new InetSocketAddress(loopback, 0));
            int taken = someoneElse.socket().getLocalPort();
            PortPair.UdpSide kernel = PortPair.udpOn(loopback);
            AtomicBoolean first = new AtomicBoolean(true);
            PortPair.UdpSide firstTheTakenNumber = () -> {
                if (!first.getAndSet(false)) {
                    return kernel.bindAny();
                }
                DatagramChannel channel = DatagramChannel.open();
                channel.bind(new InetSocketAddress(loopback, taken));
                return new PortPair.Pick(taken, channel);
            };

            int port = PortPair.find(firstTheTakenNumber, PortPair.tcpFreeOn(loopback), loopback.getHostAddress());

            assertThat(port).isNotEqualTo(taken);
        }
    }
}
