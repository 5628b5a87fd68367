package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.cloud.core.CloudConfig;
import io.p2pcam.cloud.core.CloudConfig.RateLimit;
import io.p2pcam.cloud.core.ClusterEntry;
import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.testing.Eventually;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A cluster node whose Redis hangs (a real redis-server stopped with SIGSTOP: connections stay open,
 * nothing is answered) while cameras register: every write fails after the command timeout, and
 * what those failures cost the node's event loop stays bounded; once Redis answers again, every
 * camera is written.
 */
@Tag("realtime")
class HungRegistryTest {
    private static final int CAMERAS = 200;
    private static final Duration WAIT = Duration.ofSeconds(20);

    private RedisServerProcess redis;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        if (redis != null) {
            redis.resume();
        }
        for (AutoCloseable closeable : closeables.reversed()) {
            closeable.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void writesFailingWhileRedisHangsReachTheLoopInBatchesAndAreWrittenWhenRedisAnswers() throws Exception {
        redis = RedisServerProcess.startOrSkip();
        // Registrations from one address as fast as the test sends them.
        CloudConfig config = CloudConfig.defaults().withRates(new RateLimit(10_000, 30_000), new RateLimit(20, 60));
        CloudServer node = ClusterNodes.start(
                redis.uri(),
                port -> new CloudServerSettings(InetAddress.getLoopbackAddress(), port, -1, config)
                        .withTcpPort(CloudServerSettings.TCP_OFF)
                        .withEventLoops(1));
        closeables.add(node);
        ClusterNode cluster = node.clusterNode();
        Eventually.await("the node reaches Redis", WAIT, node::clusterRegistryUp);

        redis.pause();
        long tasksBefore = cluster.loopTasks();
        long failuresBefore = cluster.registryFailures();
        long started = System.nanoTime();
        List<UdpCamera> cameras = new ArrayList<>();
        for (int i = 0; i < CAMERAS; i++) {
            UdpCamera camera = new UdpCamera(node.udpAddress());
            closeables.add(camera);
            camera.register(); // served while Redis hangs; its write waits, then fails
            cameras.add(camera);
        }
        Eventually.await(
                "every camera's write has failed", WAIT, () -> cluster.registryFailures() - failuresBefore >= CAMERAS);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) + 1;
        assertThat(cluster.loopTasks() - tasksBefore)
                .as("tasks put on the event loop for %d failed writes in %d s", CAMERAS, seconds)
                .isLessThanOrEqualTo(seconds + 2); // a batch per heartbeat (1 s), not a task per write

        long writesBefore = node.clusterRegistryWrites();
        redis.resume();
        Eventually.await(
                "every camera is written again once Redis answers",
                WAIT,
                () -> node.clusterRegistryWrites() - writesBefore >= CAMERAS);
        RedisRegistry observer =
                new RedisRegistry(new ClusterSettings(redis.uri(), "observer"), System::currentTimeMillis, m -> {});
        closeables.add(observer);
        String self = cluster.name();
        for (UdpCamera camera : cameras) {
            assertThat(holders(observer, camera.id()))
                    .as("the nodes holding camera %s in Redis", camera.id())
                    .containsExactly(self);
        }
    }

    private static List<String> holders(RedisRegistry registry, CameraId id)
            throws InterruptedException, ExecutionException, TimeoutException {
        ClusterEntry entry = registry.resolve(id).toCompletableFuture().get(2, TimeUnit.SECONDS);
        return entry == null ? List.of() : entry.nodes();
    }
}
