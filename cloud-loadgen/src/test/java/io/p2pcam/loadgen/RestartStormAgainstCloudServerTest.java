package io.p2pcam.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.cloud.core.CloudConfig;
import io.p2pcam.cloud.core.PartyCaps;
import io.p2pcam.cloud.core.Quotas;
import io.p2pcam.cloud.server.CloudServer;
import io.p2pcam.cloud.server.CloudServerSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator's cameras hold real tickets: against the real cloud they open the sealed secret,
 * and after a node restart with the same state directory every one comes back with RESUME, no
 * signature; after a restart that lost the ticket keys every ticket is refused and every camera
 * signs again.
 */
class RestartStormAgainstCloudServerTest {
    private static final int CAMERAS = 120;
    private static final CloudConfig CONFIG = CloudConfig.defaults()
            .withKeepaliveInterval(Duration.ofSeconds(1)) // cameras notice the restart within a second
            .withRates(new CloudConfig.RateLimit(100_000, 100_000), new CloudConfig.RateLimit(100_000, 100_000))
            .withQuotas(Quotas.defaults() // every simulated camera is on 127.0.0.1
                    .withRegistrations(new PartyCaps(1_000_000, 1_000_000, 1_000_000))
                    .withPendingConnects(new PartyCaps(100_000, 100_000, 100_000)));

    @TempDir
    Path state;

    @TempDir
    Path otherState;

    private CloudServer cloud;

    @Test
    void afterARestartWithTheSameStateEveryCameraResumesWithItsTicket() throws Exception {
        Map<String, Object> figures = stormWithRestartInto(state);

        assertThat(figures.get("storm_cameras_back")).isEqualTo(CAMERAS);
        assertThat(figures.get("storm_complete")).isEqualTo(true);
        assertThat((long) figures.get("storm_resumed")).isEqualTo(CAMERAS);
        assertThat(figures.get("storm_signed")).isEqualTo(0L);
        assertThat(figures.get("storm_tickets_refused")).isEqualTo(0L);
        assertThat(figures.get("registered")).isEqualTo(CAMERAS);
    }

    @Test
    void afterARestartThatLostTheTicketKeysEveryCameraSignsAgain() throws Exception {
        Map<String, Object> figures = stormWithRestartInto(otherState);

        assertThat(figures.get("storm_cameras_back")).isEqualTo(CAMERAS);
        assertThat(figures.get("storm_resumed")).isEqualTo(0L);
        assertThat((long) figures.get("storm_signed")).isEqualTo(CAMERAS);
        assertThat((long) figures.get("storm_tickets_refused")).isEqualTo(CAMERAS);
    }

    /** Registers the fleet with a cloud keeping its keys in {@link #state}, restarts it on {@code restartState}. */
    private Map<String, Object> stormWithRestartInto(Path restartState) throws Exception {
        cloud = start(state, 0);
        InetSocketAddress address = cloud.udpAddress();
        try {
            RestartStorm.Restarter restarter = () -> {
                cloud.close();
                cloud = start(restartState, address.getPort());
                return -1;
            };
            ByteArrayOutputStream progress = new ByteArrayOutputStream();
            LoadResult result = new LoadRun(config(address), new PrintStream(progress, true), restarter).run();
            assertThat(progress.toString(StandardCharsets.UTF_8)).contains("storm done: " + CAMERAS + " of " + CAMERAS);
            return result.figures();
        } finally {
            cloud.close();
        }
    }

    private static CloudServer start(Path stateDirectory, int port) {
        try {
            return CloudServer.start(CloudServerSettings.loopbackEphemeral()
                    .withUdpPort(port)
                    .withHttpPort(CloudServerSettings.HTTP_OFF)
                    .withCloud(CONFIG)
                    .withStateDirectory(stateDirectory));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static LoadConfig config(InetSocketAddress cloud) {
        return new LoadConfig(
                List.of(cloud),
                CAMERAS,
                0,
                Duration.ofMillis(500),
                Duration.ZERO,
                Duration.ofMinutes(1),
                5_000,
                200,
                4,
                2,
                1,
                1,
                6_000,
                null,
                -1,
                null,
                Duration.ofMinutes(1),
                0,
                1);
    }
}
