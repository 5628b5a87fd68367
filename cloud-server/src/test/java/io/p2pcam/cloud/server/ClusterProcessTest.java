package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.cloud.core.ClusterEntry;
import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectStatus;
import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.testing.Eventually;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster nodes as real processes ({@code java ... CloudServerCommand --cluster ...}), killed with
 * SIGKILL: a camera homed on nodes A and B stays found and connectable through node C while B is
 * killed in the middle of a run of lookups, with no lookup failing.
 */
@Tag("realtime")
class ClusterProcessTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path logs;

    private RedisServerProcess redis;
    private final List<Process> processes = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void stopEverything() throws Exception {
        processes.forEach(Process::destroyForcibly);
        for (Process process : processes) {
            process.waitFor(5, TimeUnit.SECONDS);
        }
        for (AutoCloseable closeable : closeables.reversed()) {
            closeable.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void killingOneOfTheTwoNodesACameraIsHomedOnFailsNoLookupThroughAThirdNode() throws Exception {
        redis = RedisServerProcess.startOrSkip();
        int portA = freeUdpPort();
        int portB = freeUdpPort();
        Process a = node(portA, "a");
        Process b = node(portB, "b");
        CloudServer c = CloudServer.start(
                CloudServerSettings.loopbackEphemeral().withEventLoops(1),
                new ClusterSettings(redis.uri(), "127.0.0.1:c"));
        closeables.add(c);
        Eventually.await(
                "C sees A and B (both processes up and in the registry)",
                WAIT,
                () -> c.clusterNodes().size() == 3);
        assertThat(a.isAlive()).isTrue();

        CameraIdentity identity = CameraIdentity.generate(new SecureRandom());
        UdpCamera onA = camera(portA, identity);
        camera(portB, identity);
        RedisRegistry observer =
                new RedisRegistry(new ClusterSettings(redis.uri(), "observer"), System::currentTimeMillis, m -> {});
        closeables.add(observer);
        Eventually.await("the camera is homed on A and B", WAIT, () -> holders(observer, identity.id()) == 2);

        UdpViewer viewer = new UdpViewer(c.udpAddress());
        closeables.add(viewer);
        int lookups = 0;
        int failed = 0;
        long killAt = System.nanoTime() + 1_000_000_000L;
        long end = killAt + 8_000_000_000L; // past B's membership lifetime (5 s)
        while (System.nanoTime() < end) {
            if (b.isAlive() && System.nanoTime() >= killAt) {
                b.destroyForcibly(); // SIGKILL, mid-run
            }
            lookups++;
            if (!viewer.lookup(identity.id()).found()) {
                failed++;
            }
            LockSupport.parkNanos(100_000_000L); // the viewer's pace: 10 lookups/s, under the request rate
        }
        assertThat(b.isAlive()).isFalse();
        assertThat(lookups).isGreaterThan(50);
        assertThat(failed).as("lookups that failed of %d", lookups).isZero();

        viewer.requestConnect(identity.id(), Bytes.of(new byte[] {1}));
        onA.answer(onA.awaitForward(), true, Bytes.of(new byte[] {2}));
        assertThat(viewer.awaitResult().status()).isEqualTo(ConnectStatus.ACCEPTED);
    }

    private static int holders(RedisRegistry registry, CameraId id) {
        try {
            ClusterEntry entry = registry.resolve(id).toCompletableFuture().get(2, TimeUnit.SECONDS);
            return entry == null ? 0 : entry.nodes().size();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (ExecutionException | TimeoutException e) {
            return 0;
        }
    }

    private UdpCamera camera(int nodePort, CameraIdentity identity) {
        UdpCamera camera = new UdpCamera(new InetSocketAddress("127.0.0.1", nodePort), new TestCamera(identity));
        closeables.add(camera);
        camera.register();
        return camera;
    }

    /** A cloud node as a process of its own, on the test's class path. */
    private Process node(int udpPort, String name) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = logs.resolve(name + ".log");
        Process process = new ProcessBuilder(
                        java.toString(),
                        "--enable-native-access=ALL-UNNAMED",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "io.p2pcam.cloud.cli.CloudServerCommand",
                        "--bind",
                        "127.0.0.1",
                        "--udp-port",
                        Integer.toString(udpPort),
                        "--tcp-port",
                        "off",
                        "--http-port",
                        "-1",
                        "--event-loops",
                        "1",
                        "--cluster",
                        redis.uri().toString(),
                        "--node-address",
                        "127.0.0.1:" + udpPort)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        processes.add(process);
        Files.createDirectories(logs);
        return process;
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
