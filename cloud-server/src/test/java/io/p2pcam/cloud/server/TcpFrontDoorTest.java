package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.cloud.core.CloudConfig;
import io.p2pcam.cloud.core.RelayLimits;
import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage;
import io.p2pcam.protocol.cloud.CloudMessage.Lookup;
import io.p2pcam.protocol.cloud.CloudMessage.LookupResult;
import io.p2pcam.protocol.cloud.CloudMessage.Registered;
import io.p2pcam.protocol.cloud.RelayFrame;
import io.p2pcam.protocol.identity.CameraIdentity;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The cloud protocol over TCP (u16 length + datagram), as clients behind UDP-blocking networks use it. */
@Tag("realtime") // real sockets and deadlines
class TcpFrontDoorTest {
    private static void send(DataOutputStream out, CloudMessage message) throws Exception {
        byte[] datagram = CloudCodec.encode(message);
        out.writeShort(datagram.length);
        out.write(datagram);
        out.flush();
    }

    private static CloudMessage receive(DataInputStream in) throws Exception {
        byte[] datagram = new byte[in.readUnsignedShort()];
        in.readFully(datagram);
        return CloudCodec.decode(datagram);
    }

    @Test
    void aCameraRegistersOverTcpAndAViewerOverTcpFindsIt() throws Exception {
        CameraIdentity identity = CameraIdentity.generate(new SecureRandom());
        try (CloudServer server = CloudServer.start(CloudServerSettings.loopbackEphemeral()
                        .withCloud(CloudConfig.defaults().withRelay(RelayLimits.on()))
                        .withTcpPort(0));
                Socket camera = new Socket(
                        server.tcpAddress().orElseThrow().getAddress(),
                        server.tcpAddress().get().getPort());
                Socket viewer = new Socket(
                        server.tcpAddress().get().getAddress(),
                        server.tcpAddress().get().getPort())) {
            camera.setSoTimeout(5_000);
            viewer.setSoTimeout(5_000);
            Registered registered = registerOverTcp(camera, identity);
            assertThat(registered.reflexive().address().getPort())
                    .as("the TCP connection is the camera's address")
                    .isEqualTo(camera.getLocalPort());
            assertThat(registered.flags() & Registered.FLAG_RELAY_AVAILABLE).isEqualTo(Registered.FLAG_RELAY_AVAILABLE);

            DataOutputStream viewerOut = new DataOutputStream(viewer.getOutputStream());
            send(viewerOut, new Lookup(2, identity.id()));
            LookupResult result = (LookupResult) receive(new DataInputStream(viewer.getInputStream()));
            assertThat(result.key()).isEqualTo(identity.publicKey());
        }
    }

    /** Registers {@code identity} over the connection {@code camera}, as a camera does (§4.1). */
    static Registered registerOverTcp(Socket camera, CameraIdentity identity) throws Exception {
        DataOutputStream cameraOut = new DataOutputStream(camera.getOutputStream());
        DataInputStream cameraIn = new DataInputStream(camera.getInputStream());
        send(cameraOut, new CloudMessage.RegisterHello(1, identity.publicKey()));
        CloudMessage.RegisterChallenge challenge = (CloudMessage.RegisterChallenge) receive(cameraIn);
        byte[] signed = CloudCodec.registerSignedBytes(1, identity.publicKey(), challenge.cookie(), List.of());
        send(
                cameraOut,
                new CloudMessage.Register(
                        1,
                        identity.publicKey(),
                        challenge.cookie(),
                        List.of(),
                        Bytes.of(identity.sign(signed, 0, signed.length))));
        return (Registered) receive(cameraIn);
    }

    private static Socket connect(CloudServer server) throws Exception {
        InetSocketAddress at = server.tcpAddress().orElseThrow();
        Socket socket = new Socket(at.getAddress(), at.getPort());
        socket.setSoTimeout(5_000);
        return socket;
    }

    /** Whether the server closed the connection (end of stream) within the timeout. */
    private static boolean closedByServer(Socket socket, Duration within) throws Exception {
        socket.setSoTimeout((int) within.toMillis());
        try {
            return socket.getInputStream().read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // reset
        }
    }

    private static CloudServer tcpCloud(CloudConfig config) throws Exception {
        return CloudServer.start(
                CloudServerSettings.loopbackEphemeral().withCloud(config).withTcpPort(0));
    }

    @Test
    void aRelayFrameOfTheLargestSizeDoesNotCloseTheConnection() throws Exception {
        try (CloudServer server = tcpCloud(CloudConfig.defaults().withRelay(RelayLimits.on()));
                Socket client = connect(server)) {
            DataOutputStream out = new DataOutputStream(client.getOutputStream());
            byte[] frame = new byte[1228]; // 12 + a 1200-byte session packet + a 16-byte tag (§7)
            frame[0] = 0x50;
            frame[1] = 0x43;
            frame[2] = 1;
            frame[3] = 0x33;
            frame[12] = 0x53;
            out.writeShort(frame.length);
            out.write(frame);
            out.writeShort(0); // a zero-length datagram is skipped
            send(out, new Lookup(2, new TestCamera().id()));
            assertThat(receive(new DataInputStream(client.getInputStream())))
                    .as("the connection still answers")
                    .isInstanceOf(LookupResult.class);
        }
    }

    @Test
    void aLengthAboveTheLargestDatagramClosesTheConnection() throws Exception {
        try (CloudServer server = tcpCloud(CloudConfig.defaults());
                Socket client = connect(server)) {
            DataOutputStream out = new DataOutputStream(client.getOutputStream());
            out.writeShort(1229);
            out.flush();
            assertThat(closedByServer(client, Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void oneAddressCannotHoldMoreThanItsShareOfConnections() throws Exception {
        int share = TcpLimits.defaults().maxConnectionsPerSource();
        try (CloudServer server = tcpCloud(CloudConfig.defaults())) {
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < share + 20; i++) {
                    sockets.add(connect(server));
                }
                int closed = 0;
                for (Socket socket : sockets) {
                    if (closedByServer(socket, Duration.ofMillis(100))) {
                        closed++;
                    }
                }
                assertThat(closed)
                        .as("connections beyond the per-source share of %d", share)
                        .isEqualTo(20);
                assertThat(server.metrics().tcpRefusedTotal()).isEqualTo(20);
            } finally {
                for (Socket socket : sockets) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void aDatagramTrickledInAByteAtATimeIsCutOff() throws Exception {
        TcpLimits quick = TcpLimits.defaults()
                .withTimeouts(Duration.ofSeconds(90), Duration.ofMillis(500), Duration.ofSeconds(30));
        try (CloudServer server = CloudServer.start(
                        CloudServerSettings.loopbackEphemeral().withTcpPort(0).withTcpLimits(quick));
                Socket client = connect(server)) {
            OutputStream out = client.getOutputStream();
            out.write(0); // the first byte of a length; the rest never comes in time
            out.flush();
            assertThat(closedByServer(client, Duration.ofSeconds(5)))
                    .as("closed once the datagram was late")
                    .isTrue();
            assertThat(server.metrics().tcpTimedOutTotal()).isOne();
        }
    }

    @Test
    void aConnectionWithoutAWholeDatagramForTheIdleTimeIsClosed() throws Exception {
        TcpLimits quick = TcpLimits.defaults()
                .withTimeouts(Duration.ofMillis(700), Duration.ofSeconds(10), Duration.ofSeconds(30));
        try (CloudServer server = CloudServer.start(
                        CloudServerSettings.loopbackEphemeral().withTcpPort(0).withTcpLimits(quick));
                Socket client = connect(server)) {
            DataOutputStream out = new DataOutputStream(client.getOutputStream());
            out.writeShort(0); // zero-length datagrams are no activity
            out.flush();
            assertThat(closedByServer(client, Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void aViewerThatStopsReadingIsNotBufferedWithoutBound() throws Exception {
        RelayLimits unlimited = RelayLimits.on().withRates(1_000_000_000L, 1_000_000_000L);
        try (CloudServer server = tcpCloud(CloudConfig.defaults().withRelay(unlimited));
                UdpCamera camera = new UdpCamera(server.udpAddress());
                Socket viewer = new Socket()) {
            viewer.setReceiveBufferSize(16 * 1024);
            viewer.connect(server.tcpAddress().orElseThrow());
            viewer.setSoTimeout(5_000);
            camera.register();
            DataOutputStream viewerOut = new DataOutputStream(viewer.getOutputStream());
            DataInputStream viewerIn = new DataInputStream(viewer.getInputStream());
            send(viewerOut, new CloudMessage.ConnectRequest(3, camera.id(), List.of(), Bytes.EMPTY));
            CloudMessage.ConnectForward forward = camera.awaitForward();
            camera.answer(forward, true, Bytes.EMPTY);
            CloudMessage.ConnectResult result = (CloudMessage.ConnectResult) receive(viewerIn);
            assertThat(result.relay().present()).isTrue();
            RelayFrame.Route route = RelayFrame.Route.of(server.udpAddress(), forward.relay(), RelayFrame.FROM_CAMERA);
            // The viewer sends first, as real viewers do: the relay sends a side nothing before (§7 Consent).
            byte[] viewerPacket = new byte[31];
            viewerPacket[0] = 0x53;
            byte[] viewerFrame = RelayFrame.Route.of(server.udpAddress(), result.relay(), RelayFrame.FROM_VIEWER)
                    .wrap(viewerPacket);
            viewerOut.writeShort(viewerFrame.length);
            viewerOut.write(viewerFrame);
            viewerOut.flush();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (server.metrics().relayedBytes() == 0 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(1_000_000);
            }
            assertThat(server.metrics().relayedBytes())
                    .as("the viewer's frame relayed")
                    .isPositive();

            long offered = 0;
            byte[] packet = new byte[1200];
            packet[0] = 0x53;
            for (long counter = 0; counter < 40_000; counter++) { // 49 MB the viewer never reads
                for (int i = 0; i < 8; i++) {
                    packet[6 + i] = (byte) (counter >>> (56 - 8 * i));
                }
                camera.peer.sendRaw(route.wrap(packet));
                offered += RelayFrame.MAX_FRAME;
                if (counter % 200 == 0) {
                    LockSupport.parkNanos(5_000_000); // ~40k frames/s: the cloud keeps up
                }
            }
            long held = 0;
            viewer.setSoTimeout(1_000);
            byte[] buffer = new byte[64 * 1024];
            try {
                for (int n = viewerIn.read(buffer); n > 0; n = viewerIn.read(buffer)) {
                    held += n;
                }
            } catch (SocketTimeoutException e) {
                // all that was held has arrived
            }
            assertThat(held)
                    .as("bytes held for a viewer that did not read, of %d offered", offered)
                    .isLessThan(offered / 4);
            assertThat(server.metrics().tcpDroppedDatagramsTotal()).isPositive();
        }
    }
}
