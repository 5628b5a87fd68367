package io.p2pcam.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.p2pcam.protocol.testing.Eventually;
import io.p2pcam.runtime.LanInterfaces;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The camera and `probe` as real processes (the shaded jars) on this host, with a cloud address
 * that swallows every datagram: the camera announces itself by mDNS, probe finds it and connects
 * directly, with no cloud (docs/PROTOCOL.md §10.8).
 */
@Tag("realtime")
class LanWithoutCloudTest {
    private static final String PASSWORD = "lan-test-passphrase-42";
    private final JarProcesses processes = new JarProcesses();

    @TempDir
    Path state;

    @AfterEach
    void stopEverything() throws InterruptedException {
        processes.stopAll();
    }

    @Test
    void probeGivenACloudThatNeverAnswersConnectsToTheCameraFoundOnTheLanAndSaysSo() throws Exception {
        assumeTrue(
                Files.exists(JarProcesses.CAMERA_JAR) && Files.exists(JarProcesses.VIEWER_JAR),
                "the shaded jars are built first");
        assumeFalse(
                LanInterfaces.multicastCapable().isEmpty(),
                "this host has no multicast-capable network interface: mDNS cannot run here");
        try (DatagramSocket blackHole =
                new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            String cloud = "127.0.0.1:" + blackHole.getLocalPort(); // bound, never read: no answer, no ICMP
            String id = JarProcesses.cameraId(state);
            Files.writeString(state.resolve("password"), PASSWORD);
            Path cameraLog = state.resolve("camera.log");
            processes.start(
                    cameraLog,
                    "-jar",
                    JarProcesses.CAMERA_JAR.toString(),
                    "run",
                    "--state-dir",
                    state.toString(),
                    "--cloud",
                    cloud,
                    "--password-file",
                    state.resolve("password").toString(),
                    "--size",
                    "320x240",
                    "--fps",
                    "15",
                    "--name",
                    "Lab porch");
            Eventually.await(
                    "the camera's LAN announcement",
                    Duration.ofSeconds(30),
                    () -> JarProcesses.read(cameraLog).contains("announced on the LAN"));

            // A browse can miss an announcement on a loaded machine (the probe's JVM and its mDNS
            // sockets start while the camera's responder is busy): browse again until it is seen.
            AtomicReference<String> discovered = new AtomicReference<>("");
            Eventually.await("the camera found by probe --discover", Duration.ofSeconds(40), () -> {
                try {
                    discovered.set(JarProcesses.run(
                            "-jar", JarProcesses.VIEWER_JAR.toString(), "probe", "--discover", "--discover-time", "3"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                return discovered.get().contains(id);
            });
            String line = JarProcesses.run(
                    "-jar",
                    JarProcesses.VIEWER_JAR.toString(),
                    "probe",
                    "--cloud",
                    cloud,
                    "--camera",
                    id,
                    "--password",
                    PASSWORD,
                    "--frames",
                    "30",
                    "--timeout",
                    "30",
                    "--cloud-wait",
                    "2");

            assertThat(discovered.get().lines().map(JarProcesses::lastJsonLine)).anySatisfy(camera -> {
                assertThat(camera.path("id").asText()).isEqualTo(id);
                assertThat(camera.path("name").asText()).isEqualTo("Lab porch");
                assertThat(camera.path("port").asInt()).isPositive();
            });
            JsonNode probe = JarProcesses.lastJsonLine(line);
            assertThat(probe.path("rendezvous").asText()).as(line).isEqualTo("lan");
            assertThat(probe.path("path").asText()).isEqualTo("lan");
            assertThat(probe.path("frames").asInt()).isEqualTo(30);
            assertThat(probe.path("corruptFrames").asLong()).isZero();
        }
    }
}
