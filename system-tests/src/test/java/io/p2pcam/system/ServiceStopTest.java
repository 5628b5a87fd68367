package io.p2pcam.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.p2pcam.protocol.testing.Eventually;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cloud and a camera as real processes (the shaded jars), stopped as systemd stops a service:
 * SIGTERM. Each stops promptly, with the status of a process a signal stopped (143), and says so
 * in one last log line, so that an admin reading the journal sees a stop, not a crash.
 */
@Tag("realtime")
class ServiceStopTest {
    private static final String PASSWORD = "service-stop-passphrase-9";
    private static final Duration PROMPTLY = Duration.ofSeconds(10);
    private final JarProcesses processes = new JarProcesses();

    @TempDir
    Path dir;

    @AfterEach
    void stopEverything() throws InterruptedException {
        processes.stopAll();
    }

    @Test
    void sigtermStopsTheCloudAndARegisteredCameraEachWithOneLastLogLine() throws Exception {
        assumeTrue(
                Files.exists(JarProcesses.CLOUD_JAR) && Files.exists(JarProcesses.CAMERA_JAR),
                "the shaded jars are built first");
        Path cloudLog = dir.resolve("cloud.log");
        Process cloud = processes.start(
                cloudLog,
                "-jar",
                JarProcesses.CLOUD_JAR.toString(),
                "--bind",
                "127.0.0.1",
                "--udp-port",
                "0",
                "--http-port",
                "-1");
        Eventually.await(
                "the cloud listening",
                Duration.ofSeconds(30),
                () -> JarProcesses.read(cloudLog).contains("listening on udp "));
        String address = JarProcesses.read(cloudLog).replaceAll("(?s).*listening on udp (\\S+),.*", "$1");
        Files.writeString(dir.resolve("password"), PASSWORD);
        Path cameraLog = dir.resolve("camera.log");
        Process camera = processes.start(
                cameraLog,
                "-jar",
                JarProcesses.CAMERA_JAR.toString(),
                "run",
                "--state-dir",
                dir.resolve("camera").toString(),
                "--cloud",
                address,
                "--password-file",
                dir.resolve("password").toString(),
                "--source",
                "synthetic",
                "--size",
                "320x240",
                "--no-audio",
                "--no-lan-announce");
        Eventually.await(
                "the camera registered",
                Duration.ofSeconds(30),
                () -> JarProcesses.read(cameraLog).contains("registered with the cloud"));

        assertStopsOnSigterm(camera, cameraLog, "RunCommand - stopped");
        assertStopsOnSigterm(cloud, cloudLog, "CloudServerCommand - stopped");
    }

    private static void assertStopsOnSigterm(Process process, Path log, String lastLine) throws Exception {
        process.destroy(); // SIGTERM
        assertThat(process.waitFor(PROMPTLY.toSeconds(), TimeUnit.SECONDS))
                .as("stopped within %s; its log: %s", PROMPTLY, JarProcesses.read(log))
                .isTrue();
        assertThat(process.exitValue()).isEqualTo(143);
        String logged = JarProcesses.read(log).strip();
        assertThat(logged.lines().reduce((first, last) -> last).orElse(""))
                .as(logged)
                .endsWith(lastLine);
        assertThat(logged).doesNotContain("Exception");
    }
}
