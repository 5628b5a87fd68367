package io.p2pcam.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage;
import io.p2pcam.protocol.cloud.CloudMessage.Register;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterChallenge;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterHello;
import io.p2pcam.protocol.endpoint.CameraEndpoint;
import io.p2pcam.protocol.endpoint.CameraStream;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.pairing.PairingStore;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.pairing.UnpairedBudget;
import io.p2pcam.protocol.session.CameraHandshake;
import io.p2pcam.protocol.session.SessionTimers;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The real camera endpoint on the real runner, against a scripted cloud on one UDP and one TCP
 * port of the same number: the cloud binds a challenge's cookie to the source address it answered
 * (docs/PROTOCOL.md §4.2), and a camera that moved to TCP has another one. What went wrong in the
 * NAT lab (the cloud restarted; the camera's HELLO, its fourth unanswered datagram, moved it to TCP
 * just as the UDP challenge came back): the camera answered the UDP challenge over TCP, the cloud
 * dropped that RESUME as a forged cookie, and the camera sat 8 s without a registration.
 */
@Tag("realtime") // real sockets and the camera's real retransmission timers
class CameraPathChangeTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void aChallengeThatComesOverUdpAfterTheMoveToTcpIsNotAnsweredOverTcp() throws Exception {
        try (CloudPorts ports = CloudPorts.open()) {
            DatagramSocket udp = ports.udp();
            ServerSocket tcp = ports.tcp();
            udp.setSoTimeout(5_000);
            tcp.setSoTimeout(10_000);
            InetSocketAddress cloud = ports.address();
            UdpEndpointRunner<CameraEndpoint> runner = UdpEndpointRunner.start(
                    camera(cloud),
                    UdpEndpointRunner.open(new InetSocketAddress(LOOPBACK, 0)),
                    "camera",
                    camera -> {
                        while (camera.pollEvent() != null) {}
                    },
                    cloud);
            try {
                // The cloud is silent over UDP until the camera gives up on it (CloudFallback).
                DatagramPacket hello = new DatagramPacket(new byte[2048], 2048);
                udp.receive(hello);
                RegisterHello overUdp =
                        (RegisterHello) CloudCodec.decode(Arrays.copyOf(hello.getData(), hello.getLength()));
                try (Socket connection = tcp.accept()) {
                    connection.setSoTimeout(5_000);
                    // Now the UDP challenge comes back, late: its cookie is bound to the UDP address.
                    byte[] late = CloudCodec.encode(new RegisterChallenge(overUdp.transaction(), cookie(0x55)));
                    udp.send(new DatagramPacket(late, late.length, hello.getSocketAddress()));

                    DataInputStream in = new DataInputStream(connection.getInputStream());
                    DataOutputStream out = new DataOutputStream(connection.getOutputStream());
                    Bytes tcpCookie = cookie(0x77);
                    long lastHello = 0;
                    while (true) {
                        CloudMessage message = receive(in);
                        if (message instanceof Register register) {
                            assertThat(register.cookie())
                                    .as("the REGISTER over TCP carries the cookie issued over TCP")
                                    .isEqualTo(tcpCookie);
                            break;
                        }
                        assertThat(message).isInstanceOf(RegisterHello.class);
                        // The same HELLO twice over TCP: the camera waits for an answer on this path,
                        // having let the late UDP challenge go.
                        if (message.transaction() == lastHello) {
                            send(out, new RegisterChallenge(message.transaction(), tcpCookie));
                        }
                        lastHello = message.transaction();
                    }
                }
            } finally {
                runner.close();
            }
        }
    }

    private static CameraEndpoint camera(InetSocketAddress cloud) {
        SecureRandom random = new SecureRandom();
        CameraIdentity identity = CameraIdentity.generate(random);
        return new CameraEndpoint(
                identity,
                cloud,
                new CameraHandshake.Access(
                        Password.of("path change test passphrase"),
                        new PairingStore(
                                identity.noiseStaticKey(), PairingStore.Snapshot.empty(), PairingStore.Journal.NONE),
                        UnpairedBudget.Limits.DEFAULTS,
                        InstantSource.system()),
                List.of(),
                new CameraStream(16, 16, 1),
                1,
                random,
                random,
                SessionTimers.DEFAULT,
                UdpEndpointRunner.now());
    }

    private static Bytes cookie(int fill) {
        byte[] cookie = new byte[CloudCodec.COOKIE_BYTES];
        Arrays.fill(cookie, (byte) fill);
        return Bytes.of(cookie);
    }

    private static CloudMessage receive(DataInputStream in) throws Exception {
        byte[] datagram = new byte[in.readUnsignedShort()];
        in.readFully(datagram);
        return CloudCodec.decode(datagram);
    }

    private static void send(DataOutputStream out, CloudMessage message) throws Exception {
        byte[] datagram = CloudCodec.encode(message);
        out.writeShort(datagram.length);
        out.write(datagram);
        out.flush();
    }
}
