package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.cloud.core.CloudEvents.RegistrationOutcome;
import io.p2pcam.cloud.core.DropReason;
import io.p2pcam.protocol.cloud.CameraRegistration;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudDecodeException;
import io.p2pcam.protocol.identity.CameraIdentity;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node restarted with its state directory takes a camera back by its resumption ticket, on real
 * UDP with the real camera code: the ticket key survived in {@code ticket-keys}.
 */
@Tag("realtime")
class NodeRestartTest {
    @TempDir
    Path state;

    @Test
    void aRestartedNodeWithItsStateDirectoryResumesTheCameraWithoutASignature() throws Exception {
        CameraIdentity identity = CameraIdentity.generate(new SecureRandom());
        CloudServerSettings settings = CloudServerSettings.loopbackEphemeral().withStateDirectory(state);
        InetSocketAddress cloud;
        CameraRegistration camera;
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            socket.setSoTimeout(50);
            try (CloudServer first = CloudServer.start(settings)) {
                cloud = first.udpAddress();
                camera = new CameraRegistration(identity, List.of(), new SecureRandom(), 0);
                pumpUntil(camera, socket, cloud, () -> camera.state() == CameraRegistration.State.REGISTERED);
                assertThat(camera.hasResumptionTicket()).isTrue();
            }
            try (CloudServer second = CloudServer.start(settings.withUdpPort(cloud.getPort()))) {
                pumpUntil(
                        camera,
                        socket,
                        cloud,
                        () -> second.metrics().registrations(RegistrationOutcome.RESUMED) == 1
                                && camera.state() == CameraRegistration.State.REGISTERED);
                assertThat(second.metrics().drops(DropReason.TICKET_REFUSED)).isZero();
                assertThat(second.metrics().registrations(RegistrationOutcome.RESUMED))
                        .isEqualTo(1);
            }
        }
    }

    /**
     * Runs the camera against the cloud until {@code done}, for at most 10 s; the camera's clock
     * jumps to its next keepalive when it is registered and idle, so that it notices a restart at once.
     */
    private static void pumpUntil(
            CameraRegistration camera, DatagramSocket socket, InetSocketAddress cloud, BooleanSupplier done)
            throws IOException {
        long cameraNow = 0;
        long end = System.nanoTime() + 10_000_000_000L;
        byte[] buffer = new byte[2048];
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("done within 10 s").isLessThan(end);
            for (byte[] out = camera.pollTransmit(); out != null; out = camera.pollTransmit()) {
                socket.send(new DatagramPacket(out, out.length, cloud));
            }
            DatagramPacket in = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(in);
                camera.handleMessage(CloudCodec.decode(buffer, 0, in.getLength()), cameraNow);
            } catch (SocketTimeoutException e) {
                // Real time while registering; a registered camera's next keepalive is due at once.
                cameraNow = camera.state() == CameraRegistration.State.REGISTERED
                        ? Math.max(cameraNow + 50, camera.nextTimeout())
                        : cameraNow + 50;
                camera.handleTimeout(cameraNow);
            } catch (CloudDecodeException e) {
                throw new AssertionError("the cloud sent something undecodable", e);
            }
        }
    }
}
