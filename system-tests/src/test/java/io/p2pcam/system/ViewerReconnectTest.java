package io.p2pcam.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.camera.live.LiveCamera;
import io.p2pcam.camera.media.EncoderLoop;
import io.p2pcam.camera.media.EncoderSettings;
import io.p2pcam.camera.media.H264Encoder;
import io.p2pcam.camera.media.SyntheticSource;
import io.p2pcam.camera.media.VideoFormat;
import io.p2pcam.cloud.server.CloudServer;
import io.p2pcam.cloud.server.CloudServerSettings;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.testing.Eventually;
import io.p2pcam.viewer.engine.connection.CameraSupervisor;
import io.p2pcam.viewer.engine.connection.ConnectionSettings;
import io.p2pcam.viewer.engine.connection.ConnectionState;
import io.p2pcam.viewer.engine.connection.ConnectionStatus;
import io.p2pcam.viewer.engine.connection.RetryPolicy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The viewer engine's supervisor (what every tile runs) keeps a camera on screen across the
 * camera going away and coming back: live, then lost, then offline while it is gone, then live
 * again on its own, with no user action.
 */
@Tag("realtime")
class ViewerReconnectTest {
    private static final VideoFormat FORMAT = new VideoFormat(640, 360, 30);
    private final CameraIdentity identity = CameraIdentity.generate(new SecureRandom());
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final BlockingQueue<ConnectionStatus> statuses = new LinkedBlockingQueue<>();
    private CloudServer cloud;
    private LiveCamera camera;

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

    private LiveCamera startCamera() throws Exception {
        EncoderLoop encoder = new EncoderLoop(
                new SyntheticSource(FORMAT.width(), FORMAT.height(), FORMAT.fps(), Clock.systemUTC()),
                new H264Encoder(EncoderSettings.of(FORMAT, EncoderSettings.defaultBitrate(FORMAT))));
        return LiveCamera.start(
                new LiveCamera.Settings(
                        identity,
                        cloud.udpAddress(),
                        Password.of("pw"),
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                        4,
                        null),
                FORMAT,
                encoder,
                event -> {});
    }

    private ConnectionStatus await(ConnectionState wanted, int seconds) throws InterruptedException {
        return Eventually.next(
                "status " + wanted, Duration.ofSeconds(seconds), statuses, status -> status.state() == wanted);
    }

    @Test
    void aCameraThatGoesAwayAndComesBackIsLiveAgainWithoutTheUser() throws Exception {
        cloud = CloudServer.start(CloudServerSettings.loopbackEphemeral());
        camera = startCamera();
        ConnectionSettings settings = new ConnectionSettings(
                cloud.udpAddress(), identity.id(), Password.of("pw"), "reconnect test", Duration.ofSeconds(10));
        try (CameraSupervisor supervisor =
                CameraSupervisor.start(settings, scheduler, RetryPolicy.DEFAULT, statuses::add)) {
            await(ConnectionState.LIVE, 15);
            long frames = awaitPictures(supervisor);

            camera.close(); // the camera says goodbye and stops registering
            camera = null;
            ConnectionStatus lost = await(ConnectionState.UNREACHABLE, 10);
            assertThat(lost.detail()).isNotEmpty();
            await(ConnectionState.OFFLINE, 15); // tried again at once: the cloud no longer has it

            camera = startCamera(); // back, same identity
            await(ConnectionState.LIVE, 20);
            assertThat(awaitPictures(supervisor))
                    .as("pictures flow on the new session")
                    .isPositive();
            assertThat(frames).isPositive();
        }
    }

    /** Waits for ten pictures (up to 10 s) and returns how many were taken. */
    private static long awaitPictures(CameraSupervisor supervisor) {
        long[] seen = {0};
        Eventually.await("ten pictures from the camera", Duration.ofSeconds(10), () -> {
            if (supervisor.takeLatest() != null) {
                seen[0]++;
            }
            return seen[0] >= 10;
        });
        return seen[0];
    }
}
