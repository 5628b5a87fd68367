package io.p2pcam.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.camera.live.LiveCamera;
import io.p2pcam.camera.media.EncoderLoop;
import io.p2pcam.camera.media.EncoderSettings;
import io.p2pcam.camera.media.H264Encoder;
import io.p2pcam.camera.media.SyntheticSource;
import io.p2pcam.camera.media.VideoFormat;
import io.p2pcam.camera.pairing.PairingFile;
import io.p2pcam.camera.pairing.Revocations;
import io.p2pcam.cloud.server.CloudServer;
import io.p2pcam.cloud.server.CloudServerSettings;
import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.noise.KeyPair;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.testing.Eventually;
import io.p2pcam.viewer.engine.connection.CameraSupervisor;
import io.p2pcam.viewer.engine.connection.ConnectionSettings;
import io.p2pcam.viewer.engine.connection.ConnectionState;
import io.p2pcam.viewer.engine.connection.ConnectionStatus;
import io.p2pcam.viewer.engine.connection.RetryPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Revocation end to end (issue 12 §3): a viewer engine pairs with a running camera (real cloud,
 * real camera with a state directory); `viewers revoke` leaves its request for the running camera,
 * which ends the viewer's live session within seconds; the engine, which forgot the password once
 * paired, then hears "Password needed" and does not pair itself again.
 */
@Tag("realtime")
class CameraRevocationTest {
    private static final String PASSWORD = "revocation test passphrase";
    private static final VideoFormat FORMAT = new VideoFormat(320, 240, 15);
    private final SecureRandom random = new SecureRandom();
    private final CameraIdentity identity = CameraIdentity.generate(random);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final BlockingQueue<ConnectionStatus> statuses = new LinkedBlockingQueue<>();
    private CloudServer cloud;
    private LiveCamera camera;

    @TempDir
    Path stateDir;

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
        if (camera != null) {
            camera.close();
        }
        if (cloud != null) {
            cloud.close();
        }
    }

    private ConnectionStatus await(ConnectionState wanted, int seconds) throws InterruptedException {
        return Eventually.next(
                "status " + wanted, Duration.ofSeconds(seconds), statuses, status -> status.state() == wanted);
    }

    @Test
    void revokingAPairedViewerEndsItsLiveSessionAndItIsAskedForThePassword() throws Exception {
        cloud = CloudServer.start(CloudServerSettings.loopbackEphemeral());
        EncoderLoop encoder = new EncoderLoop(
                new SyntheticSource(FORMAT.width(), FORMAT.height(), FORMAT.fps(), Clock.systemUTC()),
                new H264Encoder(EncoderSettings.of(FORMAT, EncoderSettings.defaultBitrate(FORMAT))));
        camera = LiveCamera.start(
                new LiveCamera.Settings(
                        identity,
                        cloud.udpAddress(),
                        Password.of(PASSWORD),
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                        4,
                        stateDir),
                FORMAT,
                encoder,
                event -> {});
        KeyPair viewerKey = KeyPair.generate(random);
        ConnectionSettings settings = new ConnectionSettings(
                cloud.udpAddress(),
                identity.id(),
                Password.of(PASSWORD),
                "revoked viewer",
                Duration.ofSeconds(10),
                viewerKey);
        try (CameraSupervisor _ = CameraSupervisor.start(settings, scheduler, RetryPolicy.DEFAULT, statuses::add)) {
            await(ConnectionState.LIVE, 15);
            // Written just after the camera answered, off its network thread (decision 0030).
            Eventually.await(
                    "the pairing on disk",
                    Duration.ofSeconds(5),
                    () -> pairedOnDisk().equals(List.of(Bytes.of(viewerKey.publicKey()))));

            new Revocations(stateDir).request(Bytes.of(viewerKey.publicKey()));

            ConnectionStatus lost = await(ConnectionState.UNREACHABLE, 5);
            assertThat(lost.detail()).contains("closed");
            await(ConnectionState.PASSWORD_NEEDED, 10);
            Eventually.await(
                    "the revocation on disk",
                    Duration.ofSeconds(5),
                    () -> pairedOnDisk().isEmpty());
        }
    }

    private List<Bytes> pairedOnDisk() {
        try {
            return new PairingFile(stateDir)
                    .load().pairings().stream()
                            .map(pairing -> pairing.viewerKey())
                            .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
