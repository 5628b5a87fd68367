package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.cloud.core.CloudConfig;
import io.p2pcam.cloud.core.RelayLimits;
import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectForward;
import io.p2pcam.protocol.cloud.CloudMessage.LookupResult;
import io.p2pcam.protocol.identity.CameraIdentity;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A client that spoke to the cloud over TCP and closed its connection (docs/PROTOCOL.md §3.1):
 * what the cloud would still send to its address goes nowhere, not over UDP to an address that
 * only TCP proved; and a UDP client that a NAT maps to that very address and port is served like
 * any other (decision 0068).
 */
@Tag("realtime") // real sockets and deadlines
class ClosedTcpClientTest {
    private static final Duration DEADLINE = Duration.ofSeconds(5);

    @Test
    void aConnectForwardForACameraWhoseTcpConnectionClosedIsNotSentOverUdpToItsAddress() throws Exception {
        CameraIdentity identity = CameraIdentity.generate(new SecureRandom());
        try (CloudServer server = relayingTcpCloud();
                UdpViewer viewer = new UdpViewer(server.udpAddress())) {
            InetSocketAddress cameraAddress = registerOverTcpAndClose(server, identity);
            long deadline = System.nanoTime() + DEADLINE.toNanos();

            // Whoever holds the camera's old address and port over UDP now (another client behind
            // the same NAT, or nobody) must not be sent what was meant for the camera.
            try (DatagramSocket sameAddressOverUdp = new DatagramSocket(cameraAddress)) {
                sameAddressOverUdp.setSoTimeout(20);
                viewer.requestConnect(identity.id(), Bytes.of(new byte[] {1, 2, 3}));
                byte[] buffer = new byte[2048];
                while (server.metrics().tcpClosedDroppedTotal() == 0 && System.nanoTime() < deadline) {
                    try {
                        sameAddressOverUdp.receive(new DatagramPacket(buffer, buffer.length));
                        throw new AssertionError(
                                "the cloud sent the camera's forward over UDP to its closed TCP address");
                    } catch (SocketTimeoutException e) {
                        // nothing yet: look at the counter again
                    }
                }
            }
            assertThat(server.metrics().tcpClosedDroppedTotal())
                    .as("the forward, dropped and counted")
                    .isOne();
        }
    }

    @Test
    void aUdpClientAtAClosedTcpClientsAddressAndPortHasItsLookupAnswered() throws Exception {
        CameraIdentity identity = CameraIdentity.generate(new SecureRandom());
        try (CloudServer server = relayingTcpCloud()) {
            InetSocketAddress closedAddress = registerOverTcpAndClose(server, identity);

            // A NAT maps another client's UDP socket to the address and port the TCP client had.
            try (UdpViewer sameAddressOverUdp = new UdpViewer(new UdpPeer(server.udpAddress(), closedAddress))) {
                LookupResult result = sameAddressOverUdp.lookup(identity.id());

                assertThat(result.found())
                        .as("the camera, registered until its expiry")
                        .isTrue();
            }
            assertThat(server.metrics().tcpClosedDroppedTotal())
                    .as("an answer to a UDP request is no datagram for the closed connection")
                    .isZero();
        }
    }

    @Test
    void aCameraThatRegistersOverUdpAtItsClosedTcpAddressGetsItsForwardsOverUdp() throws Exception {
        CameraIdentity identity = CameraIdentity.generate(new SecureRandom());
        try (CloudServer server = relayingTcpCloud();
                UdpViewer viewer = new UdpViewer(server.udpAddress())) {
            InetSocketAddress closedAddress = registerOverTcpAndClose(server, identity);

            // The camera (or whoever the NAT gives that address and port over UDP now) proves over
            // UDP, with the cookie's round trip, that it receives there: from now on it is a UDP client.
            try (UdpCamera camera =
                    new UdpCamera(new TestCamera(identity), new UdpPeer(server.udpAddress(), closedAddress))) {
                camera.register();
                viewer.requestConnect(identity.id(), Bytes.of(new byte[] {1, 2, 3}));

                ConnectForward forward = camera.awaitForward();

                assertThat(forward.handshake()).isEqualTo(Bytes.of(new byte[] {1, 2, 3}));
            }
            assertThat(server.metrics().tcpClosedDroppedTotal()).isZero();
        }
    }

    private static CloudServer relayingTcpCloud() throws Exception {
        return CloudServer.start(CloudServerSettings.loopbackEphemeral()
                .withCloud(CloudConfig.defaults().withRelay(RelayLimits.on()))
                .withTcpPort(0));
    }

    /** Registers {@code identity}'s camera over a TCP connection, closes it, and waits until the cloud saw it close. */
    private static InetSocketAddress registerOverTcpAndClose(CloudServer server, CameraIdentity identity)
            throws Exception {
        InetSocketAddress cameraAddress;
        try (Socket camera = new Socket(
                server.tcpAddress().orElseThrow().getAddress(),
                server.tcpAddress().get().getPort())) {
            camera.setSoTimeout(5_000);
            TcpFrontDoorTest.registerOverTcp(camera, identity);
            cameraAddress = (InetSocketAddress) camera.getLocalSocketAddress();
        }
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (server.metrics().tcpConnectionsOpen() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
        }
        assertThat(server.metrics().tcpConnectionsOpen())
                .as("the camera's connection, closed")
                .isZero();
        return cameraAddress;
    }
}
