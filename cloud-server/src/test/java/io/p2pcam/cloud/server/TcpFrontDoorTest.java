package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.cloud.core.CloudConfig;
import io.p2pcam.cloud.core.RelayLimits;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage;
import io.p2pcam.protocol.cloud.CloudMessage.Lookup;
import io.p2pcam.protocol.cloud.CloudMessage.LookupResult;
import io.p2pcam.protocol.cloud.CloudMessage.Registered;
import io.p2pcam.protocol.identity.CameraIdentity;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cloud protocol over TCP (u16 length + datagram), as clients behind UDP-blocking networks use it. */
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
                            io.p2pcam.protocol.cloud.Bytes.of(identity.sign(signed, 0, signed.length))));
            Registered registered = (Registered) receive(cameraIn);
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
}
