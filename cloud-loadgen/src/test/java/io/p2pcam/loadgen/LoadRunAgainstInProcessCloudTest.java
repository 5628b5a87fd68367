package io.p2pcam.loadgen;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.p2pcam.cloud.core.CloudConfig;
import io.p2pcam.cloud.core.PartyCaps;
import io.p2pcam.cloud.core.Quotas;
import io.p2pcam.protocol.cloud.MessageType;
import io.p2pcam.protocol.testing.Eventually;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("realtime")
class LoadRunAgainstInProcessCloudTest {
    private static final CloudConfig RAISED_LIMITS = CloudConfig.defaults()
            .withRates(new CloudConfig.RateLimit(100_000, 100_000), new CloudConfig.RateLimit(100_000, 100_000))
            .withQuotas(Quotas.defaults() // every simulated camera and viewer is on 127.0.0.1
                    .withRegistrations(new PartyCaps(1_000_000, 1_000_000, 1_000_000))
                    .withPendingConnects(new PartyCaps(100_000, 100_000, 100_000)));

    private static LoadConfig config(InetSocketAddress cloud, int cameras, int connects, URI metrics) {
        return config(cloud, cameras, connects, metrics, Duration.ofSeconds(2));
    }

    private static LoadConfig config(
            InetSocketAddress cloud, int cameras, int connects, URI metrics, Duration measured) {
        return new LoadConfig(
                List.of(cloud),
                cameras,
                connects,
                measured,
                Duration.ofMillis(500),
                Duration.ofMinutes(1),
                5_000,
                200,
                4,
                2,
                1,
                1,
                6_000,
                metrics,
                -1,
                null,
                Duration.ofMinutes(1),
                2,
                100);
    }

    @Test
    void everyCameraRegistersKeepsAliveAndAcceptsEveryConnect() throws Exception {
        try (InProcessCloud cloud = new InProcessCloud(RAISED_LIMITS, 0)) {
            ByteArrayOutputStream progress = new ByteArrayOutputStream();
            LoadResult result = new LoadRun(
                            config(cloud.udpAddress(), 300, 200, cloud.metricsUrl()), new PrintStream(progress, true))
                    .run();

            Map<String, Object> figures = result.figures();
            assertThat(figures.get("registered")).isEqualTo(300);
            assertThat((double) figures.get("server_cameras_online")).isEqualTo(300.0);
            assertThat((long) figures.get("connects_accepted")).isGreaterThan(250);
            assertThat(figures.get("connects_timed_out")).isEqualTo(0L);
            assertThat(figures.get("connects_unavailable")).isEqualTo(0L);
            // Every accepted connect's latency is split at the moment the camera read the forward.
            long accepted = (long) figures.get("connects_accepted");
            Map<?, ?> total = (Map<?, ?>) figures.get("connect_latency_ms");
            Map<?, ?> toCamera = (Map<?, ?>) figures.get("connect_to_camera_ms");
            Map<?, ?> toViewer = (Map<?, ?>) figures.get("connect_to_viewer_ms");
            assertThat(toCamera.get("count")).isEqualTo(total.get("count"));
            assertThat(toViewer.get("count")).isEqualTo(total.get("count"));
            assertThat((long) total.get("count")).isGreaterThan(accepted / 2);
            assertThat((double) toCamera.get("max")).isLessThanOrEqualTo((double) total.get("max"));
            assertThat(progress.toString(UTF_8)).contains("to the first 100 cameras (on 2 sockets");
            assertThat(figures.get("errors")).isEqualTo(Map.of());
            assertThat(figures.get("forwards_unauthenticated")).isEqualTo(0L);
            assertThat((double) figures.get("server_table_bytes_per_camera")).isGreaterThan(0);
            assertThat(result.toJson()).startsWith("{\"cameras\":300,\"registered\":300,");
            assertThat(progress.toString(UTF_8)).contains("ramp done: 300 cameras");
        }
    }

    @Test
    void forwardsWhoseTagWasChangedOnTheWayAreDroppedAndCountedAndTheirConnectsFail() throws Exception {
        // A real camera drops a CONNECT_FORWARD whose tag does not verify (PROTOCOL.md §4.7); the
        // simulated cameras accepted it, so a cloud that tags wrongly measured as a healthy one.
        try (InProcessCloud cloud = new InProcessCloud(RAISED_LIMITS, 0, LoadRunAgainstInProcessCloudTest::flipTag)) {
            ByteArrayOutputStream progress = new ByteArrayOutputStream();
            LoadResult result = new LoadRun(
                            config(cloud.udpAddress(), 50, 50, cloud.metricsUrl()), new PrintStream(progress, true))
                    .run();

            Map<String, Object> figures = result.figures();
            assertThat(figures.get("registered")).isEqualTo(50);
            assertThat(figures.get("connects_accepted"))
                    .as("connects accepted by cameras whose forwards were mis-tagged")
                    .isEqualTo(0L);
            assertThat((long) figures.get("forwards_unauthenticated")).isGreaterThan(0);
            assertThat((long) figures.get("connects_unavailable") + (long) figures.get("connects_timed_out"))
                    .as("connects whose forward the cameras dropped")
                    .isGreaterThan(50);
            assertThat(result.toText())
                    .containsPattern("forwards dropped: +[1-9][0-9]* with a tag that does not verify");
        }
    }

    /** The path flips a bit of every CONNECT_FORWARD's last byte: its tag (§3.10.10). */
    private static byte[] flipTag(byte[] datagram) {
        if ((datagram[3] & 0xff) != MessageType.CONNECT_FORWARD.code()) {
            return datagram;
        }
        byte[] tampered = datagram.clone();
        tampered[tampered.length - 1] ^= 1;
        return tampered;
    }

    @Test
    void stoppedInTheMeasuredWindowItReturnsTheFiguresSoFarAtOnce() throws Exception {
        // Ctrl-C ended a run with nothing printed: minutes of load and no figures.
        try (InProcessCloud cloud = new InProcessCloud(RAISED_LIMITS, 0)) {
            ByteArrayOutputStream progress = new ByteArrayOutputStream();
            LoadConfig config = config(cloud.udpAddress(), 50, 50, null, Duration.ofMinutes(10));
            LoadRun run = new LoadRun(config, new PrintStream(progress, true));
            CompletableFuture<LoadResult> running = CompletableFuture.supplyAsync(() -> {
                try {
                    return run.run();
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            });
            // The warm-up's one progress line is printed as the measured window starts.
            Eventually.await(
                    "the measured window",
                    Duration.ofSeconds(30),
                    () -> progress.toString(UTF_8).contains("warm-up"));

            run.stop();
            LoadResult result = running.get(10, TimeUnit.SECONDS);

            assertThat(result.isInterrupted()).isTrue();
            assertThat((double) result.figures().get("measured_seconds")).isLessThan(600);
            assertThat(result.figures().get("registered")).isEqualTo(50);
            assertThat(result.toText())
                    .startsWith("interrupted:                stopped by Ctrl-C: the figures so far, ")
                    .contains(" of 600 s measured\n")
                    .contains("server cameras online:      n/a\n");
            assertThat(result.toJson()).contains("\"interrupted\":true");
        }
    }

    @Test
    void saysInOneLineWhenNoCloudAnswers() throws Exception {
        int silentPort;
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            silentPort = socket.getLocalPort(); // closed again: nothing listens there
        }
        InetSocketAddress nowhere = new InetSocketAddress("127.0.0.1", silentPort);
        assertThatThrownBy(() ->
                        new LoadRun(config(nowhere, 10, 0, null), new PrintStream(new ByteArrayOutputStream())).run())
                .isInstanceOf(LoadGenException.class)
                .hasMessage("no answer from 127.0.0.1:" + silentPort + " after 5 s");
    }
}
