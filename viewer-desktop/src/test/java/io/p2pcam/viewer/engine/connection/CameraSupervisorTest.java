package io.p2pcam.viewer.engine.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.cloud.server.CloudServer;
import io.p2pcam.cloud.server.CloudServerSettings;
import io.p2pcam.protocol.identity.CameraIdentity;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The supervisor against a real cloud on loopback where the camera is not registered. */
class CameraSupervisorTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final BlockingQueue<ConnectionStatus> statuses = new LinkedBlockingQueue<>();
    private final RetryPolicy quick =
            new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(1), 0, Duration.ofSeconds(1));
    private CloudServer cloud;

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
        if (cloud != null) {
            cloud.close();
        }
    }

    private ConnectionSettings settings(InetSocketAddress cloudAddress) {
        return new ConnectionSettings(
                cloudAddress, CameraIdentity.generate(new SecureRandom()).id(), "pw", "test", Duration.ofSeconds(5));
    }

    private ConnectionStatus next(ConnectionState wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            ConnectionStatus status = statuses.poll(100, TimeUnit.MILLISECONDS);
            if (status != null && status.state() == wanted) {
                return status;
            }
        }
        throw new AssertionError("no " + wanted + " status within 15 s");
    }

    @Test
    void anUnknownCameraIsOfflineAndTriedAgainOnItsOwn() throws Exception {
        cloud = CloudServer.start(CloudServerSettings.loopbackEphemeral());
        try (CameraSupervisor _ =
                CameraSupervisor.start(settings(cloud.udpAddress()), scheduler, quick, statuses::add)) {
            next(ConnectionState.LOOKING_UP);
            ConnectionStatus offline = next(ConnectionState.OFFLINE);
            assertThat(offline.retryScheduled()).isTrue();
            assertThat(offline.attempt()).isEqualTo(1);
            assertThat(next(ConnectionState.LOOKING_UP).attempt()).isEqualTo(2);
            ConnectionStatus again = next(ConnectionState.OFFLINE);
            assertThat(again.attempt()).isEqualTo(2);
        }
    }

    @Test
    void aSecondCloudIsTriedWhenTheFirstDoesNotAnswer() throws Exception {
        cloud = CloudServer.start(CloudServerSettings.loopbackEphemeral());
        InetSocketAddress silent = new InetSocketAddress("127.0.0.1", 9); // discard: nobody answers
        ConnectionSettings settings = settings(silent);
        try (CameraSupervisor _ = CameraSupervisor.start(
                settings, List.of(silent, cloud.udpAddress()), scheduler, quick, statuses::add)) {
            next(ConnectionState.UNREACHABLE);
            // The next attempt goes to the real cloud, which knows the camera is not there.
            next(ConnectionState.OFFLINE);
            assertThat(cloud.metrics().packetsIn()).isPositive();
        }
    }

    @Test
    void closingStopsRetries() throws Exception {
        cloud = CloudServer.start(CloudServerSettings.loopbackEphemeral());
        CameraSupervisor supervisor =
                CameraSupervisor.start(settings(cloud.udpAddress()), scheduler, quick, statuses::add);
        next(ConnectionState.OFFLINE);
        supervisor.close();
        statuses.clear();
        Thread.sleep(600);
        assertThat(statuses).isEmpty();
        assertThat(supervisor.status().state()).isEqualTo(ConnectionState.STOPPED);
    }
}
