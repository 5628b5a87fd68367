package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.cloud.core.CloudConfig;
import io.p2pcam.cloud.core.CloudConfig.RateLimit;
import io.p2pcam.cloud.core.ClusterEntry;
import io.p2pcam.cloud.core.ClusterLimits;
import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.testing.Eventually;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A cluster node whose Redis hangs (a real redis-server stopped with SIGSTOP: connections stay open,
 * nothing is answered, and Lettuce keeps each timed-out command until an answer comes) while
 * cameras register: every write fails after the command timeout, and what those failures cost the
 * node's event loop stays bounded; a hang longer than it takes the node's commands to fill
 * Lettuce's request queue never fills it (the node drops the connection and reconnects); once
 * Redis answers again, every camera is written.
 */
@Tag("realtime")
class HungRegistryTest {
    private static final int CAMERAS = 200;
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Small, so that a hang fills it within seconds: 8 camera writes (16 commands) per 1 s timeout. */
    private static final int REQUEST_QUEUE = 40;

    private static final int WRITES_AWAITING = 8;
    private static final Duration HANG = Duration.ofSeconds(8);
    /** 10 registrations a second: more writes than the 8 a second a hung Redis lets out. */
    private static final Duration REGISTRATION_INTERVAL = Duration.ofMillis(100);

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
        CloudServer node = nodeOfOneLoopUpWith(ClusterLimits.defaults());
        ClusterNode cluster = node.clusterNode();

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

    @Test
    void aLongHangNeverFillsLettucesQueueAndTheNodeWritesEveryCameraOnceRedisAnswers() throws Exception {
        ClusterLimits defaults = ClusterLimits.defaults();
        CloudServer node = nodeOfOneLoopUpWith(new ClusterLimits(
                defaults.registryReads(),
                defaults.handOvers(),
                defaults.republishPerSecond(),
                WRITES_AWAITING,
                REQUEST_QUEUE));
        ClusterNode cluster = node.clusterNode();

        redis.pause();
        List<UdpCamera> cameras = new ArrayList<>();
        long queueFull = 0;
        long start = System.nanoTime();
        long until = start + HANG.toNanos();
        for (long next = start; next < until; next += REGISTRATION_INTERVAL.toNanos()) {
            // Cameras keep registering through the hang, each a write: at the pace of real cameras
            // (not a condition waited for), inside the source's registration limit.
            LockSupport.parkNanos(next - System.nanoTime());
            UdpCamera camera = new UdpCamera(node.udpAddress());
            closeables.add(camera);
            camera.register(); // served while Redis hangs
            cameras.add(camera);
            queueFull = Math.max(queueFull, cluster.registryQueueFull());
        }
        assertThat(queueFull)
                .as(
                        "commands Lettuce refused at its full queue of %d during a hang of %s (%d cameras registered)",
                        REQUEST_QUEUE, HANG, cameras.size())
                .isZero();
        assertThat(cluster.registryDropped())
                .as("connections to the hung Redis dropped")
                .isPositive();

        redis.resume();
        Eventually.await("the node reaches Redis again", WAIT, node::clusterRegistryUp);
        RedisRegistry observer =
                new RedisRegistry(new ClusterSettings(redis.uri(), "observer"), System::currentTimeMillis, m -> {});
        closeables.add(observer);
        String self = cluster.name();
        for (UdpCamera camera : cameras) {
            Eventually.await(
                    "camera " + camera.id() + " is written once Redis answers",
                    WAIT,
                    () -> heldBy(observer, camera.id(), self));
        }
    }

    @Test
    void heartbeatsKeepTheirPeriodWhileTheNodeTriesToReconnectToAHungRedis() throws Exception {
        CloudServer node = nodeOfOneLoopUpWith(ClusterLimits.defaults());
        ClusterNode cluster = node.clusterNode();

        redis.pause(); // the node drops the connection after three silent heartbeats, then reconnects
        Eventually.await("the node tries to reconnect to the hung Redis", WAIT, cluster::connecting);
        long beats = cluster.heartbeats();
        long attemptsEnded = cluster.connectsEnded();
        // The attempt lasts its connect timeout (2 s: the hung Redis accepts the connection and
        // answers nothing), two heartbeat periods.
        Eventually.await(
                "a heartbeat, or the end of the attempt",
                WAIT,
                () -> cluster.heartbeats() > beats || cluster.connectsEnded() > attemptsEnded);
        long heartbeatsSince = cluster.heartbeats() - beats;
        boolean attemptStillUnderWay = cluster.connectsEnded() == attemptsEnded;

        assertThat(heartbeatsSince)
                .as("heartbeats while one attempt to connect was under way (it ended: %s)", !attemptStillUnderWay)
                .isPositive();
        assertThat(attemptStillUnderWay).isTrue();
    }

    /** Starts Redis and a node of one event loop using at most {@code limits} of it; returns once it reaches Redis. */
    private CloudServer nodeOfOneLoopUpWith(ClusterLimits limits) throws Exception {
        redis = RedisServerProcess.startOrSkip();
        // Registrations from one address as fast as the test sends them.
        CloudConfig config = CloudConfig.defaults().withRates(new RateLimit(10_000, 30_000), new RateLimit(20, 60));
        CloudServer node = ClusterNodes.start(
                redis.uri(),
                limits,
                port -> new CloudServerSettings(InetAddress.getLoopbackAddress(), port, -1, config)
                        .withTcpPort(CloudServerSettings.TCP_OFF)
                        .withEventLoops(1));
        closeables.add(node);
        Eventually.await("the node reaches Redis", WAIT, node::clusterRegistryUp);
        return node;
    }

    /** Whether {@code node} holds {@code id} in Redis; false when the read fails. */
    private static boolean heldBy(RedisRegistry registry, CameraId id, String node) {
        try {
            return holders(registry, id).contains(node);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    private static List<String> holders(RedisRegistry registry, CameraId id)
            throws InterruptedException, ExecutionException, TimeoutException {
        ClusterEntry entry = registry.resolve(id).toCompletableFuture().get(2, TimeUnit.SECONDS);
        return entry == null ? List.of() : entry.nodes();
    }
}
