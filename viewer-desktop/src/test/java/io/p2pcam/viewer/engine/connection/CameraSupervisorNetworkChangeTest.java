package io.p2pcam.viewer.engine.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.endpoint.ViewerFailure;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.testing.ManualScheduler;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A tile waiting out a backoff when the computer's network comes back (decision 0067): it tries
 * again at once, once, when the network may explain the failure, and keeps the camera's waits.
 */
class CameraSupervisorNetworkChangeTest {
    /** The app's policy, without jitter: 1 s doubling to 30 s, 60 s lock-out, 20 min after a refusal. */
    private final RetryPolicy policy =
            new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), 0, Duration.ofSeconds(60));

    private final ManualScheduler scheduler = new ManualScheduler();
    private final BlockingQueue<ConnectionStatus> statuses = new LinkedBlockingQueue<>();
    private RecordingOpener opener;
    private CameraSupervisor supervisor;

    @BeforeEach
    void start() throws IOException {
        opener = new RecordingOpener();
        ConnectionSettings settings = new ConnectionSettings(
                opener.cloud(),
                CameraIdentity.generate(new SecureRandom()).id(),
                Password.of("pw"),
                "test",
                Duration.ofMinutes(5)); // no attempt times out by itself during a test
        supervisor =
                CameraSupervisor.start(settings, List.of(), LanCameras.NONE, scheduler, policy, opener, statuses::add);
        scheduler.runDue();
        assertThat(opener.count()).as("the first attempt").isEqualTo(1);
    }

    @AfterEach
    void stop() throws IOException {
        supervisor.close();
        opener.close();
    }

    /** The current attempt fails {@code times} times in a row, each retry run when due. */
    private void failInARow(ViewerFailure failure, int times) {
        for (int i = 1; i <= times; i++) {
            opener.last().fails(failure);
            if (i < times) {
                scheduler.advance(Duration.ofSeconds(30));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = ViewerFailure.class,
            names = {"TIMEOUT", "NETWORK_ERROR", "PUNCH_FAILED", "CONNECTION_LOST", "RATE_LIMITED"})
    void aTileWaitingOnAFailureTheNetworkMayExplainTriesAgainAtOnceWhenTheNetworkChanges(ViewerFailure failure) {
        failInARow(failure, 4); // the backoff has grown to 8 s
        int attempts = opener.count();
        scheduler.runDue();
        assertThat(opener.count()).as("still waiting").isEqualTo(attempts);

        supervisor.networkChanged();
        supervisor.networkChanged(); // the watcher may say it twice before the attempt runs: once is enough
        scheduler.runDue();

        assertThat(opener.count()).as("one attempt at once").isEqualTo(attempts + 1);
        assertThat(supervisor.status().state()).isEqualTo(ConnectionState.LOOKING_UP);
        assertThat(supervisor.status().attempt()).as("the backoff starts over").isEqualTo(1);
        opener.last().fails(failure);
        assertThat(supervisor.status().retryAtMillis() - System.currentTimeMillis())
                .as("the next wait is the first one again")
                .isLessThanOrEqualTo(1_000);
    }

    @Test
    void aLockOutTheCameraAskedForIsKeptWhenTheNetworkChanges() {
        opener.last().fails(ViewerFailure.TOO_MANY_ATTEMPTS);
        assertThat(supervisor.status().state()).isEqualTo(ConnectionState.LOCKED_OUT);

        supervisor.networkChanged();
        scheduler.runDue();
        scheduler.advance(Duration.ofSeconds(59));

        assertThat(opener.count()).as("no attempt before the camera's 60 s").isEqualTo(1);
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(opener.count()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(
            value = ViewerFailure.class,
            names = {"AUTH_FAILED", "PASSWORD_NEEDED", "CAMERA_UNAVAILABLE", "HANDSHAKE_FAILED", "CLOUD_LIED"})
    void aWaitTheNetworkCannotExplainIsKeptWhenTheNetworkChanges(ViewerFailure failure) {
        opener.last().fails(failure);

        supervisor.networkChanged();
        scheduler.runDue();

        assertThat(opener.count()).isEqualTo(1);
        assertThat(supervisor.status().retryScheduled()).isTrue();
    }

    @Test
    void aTileConnectingOrLiveIsLeftAloneWhenTheNetworkChanges() {
        supervisor.networkChanged();
        scheduler.runDue();

        assertThat(opener.count()).isEqualTo(1);
        assertThat(opener.last().connection()).isSameAs(supervisor.connection());
    }

    @Test
    void theRetryButtonAndANetworkChangeTogetherMakeOneAttempt() {
        failInARow(ViewerFailure.TIMEOUT, 3);
        int attempts = opener.count();

        supervisor.retryNow();
        supervisor.networkChanged();
        scheduler.runDue();
        supervisor.networkChanged(); // now connecting: nothing to retry
        scheduler.runDue();

        assertThat(opener.count()).isEqualTo(attempts + 1);
        assertThat(scheduler.pending()).as("no second attempt armed").isZero();
    }
}
