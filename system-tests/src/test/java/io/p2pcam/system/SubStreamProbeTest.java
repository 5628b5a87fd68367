package io.p2pcam.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.p2pcam.cloud.server.CloudServer;
import io.p2pcam.cloud.server.CloudServerSettings;
import io.p2pcam.protocol.testing.Eventually;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The camera and `probe` as real processes (the shaded jars), through a cloud on loopback: the
 * camera encodes a 1280x720 main stream and a 640x360 sub-stream from one capture, and `probe
 * --stream sub` ends up decoding the sub-stream's pictures (docs/PROTOCOL.md §10.9); the camera's
 * log shows each encoder starting with its first viewer and stopping after its last.
 */
@Tag("realtime")
class SubStreamProbeTest {
    private static final String PASSWORD = "sub-stream-passphrase-16";
    private final JarProcesses processes = new JarProcesses();
    private CloudServer cloud;

    @TempDir
    Path state;

    @AfterEach
    void stopEverything() throws InterruptedException {
        processes.stopAll();
    }

    @Test
    void probeAskingForTheSubStreamDecodesItsSizeAndTheMainStreamStillComesAtFullSize() throws Exception {
        assumeTrue(
                Files.exists(JarProcesses.CAMERA_JAR) && Files.exists(JarProcesses.VIEWER_JAR),
                "the shaded jars are built first");
        cloud = CloudServer.start(CloudServerSettings.loopbackEphemeral());
        String cloudAddress = "127.0.0.1:" + cloud.udpAddress().getPort();
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
                cloudAddress,
                "--password-file",
                state.resolve("password").toString(),
                "--no-audio",
                "--no-lan-announce");
        Eventually.await(
                "the camera's registration",
                Duration.ofSeconds(30),
                () -> JarProcesses.read(cameraLog).contains("registered with"));

        JsonNode sub = probe(id, cloudAddress, "sub");
        assertThat(sub.path("width").asInt()).as(sub.toString()).isEqualTo(640);
        assertThat(sub.path("height").asInt()).isEqualTo(360);
        assertThat(sub.path("stream").asText()).isEqualTo("sub");
        assertThat(sub.path("streams").toString())
                .as("the streams the camera listed in its welcome (§10.1)")
                .isEqualTo("[{\"stream\":\"main\",\"width\":1280,\"height\":720,\"fps\":30},"
                        + "{\"stream\":\"sub\",\"width\":640,\"height\":360,\"fps\":30}]");
        assertThat(sub.path("corruptFrames").asLong()).isZero();
        Eventually.await(
                "the sub encoder stopped after its only viewer left",
                Duration.ofSeconds(20),
                () -> JarProcesses.read(cameraLog).contains("sub stream unwatched"));

        JsonNode main = probe(id, cloudAddress, "main");
        assertThat(main.path("width").asInt()).as(main.toString()).isEqualTo(1280);
        assertThat(main.path("height").asInt()).isEqualTo(720);

        String log = JarProcesses.read(cameraLog);
        assertThat(log).contains("main stream 1280x720@30, sub-stream 640x360@30");
        assertThat(log).contains("sub stream watched: encoding it");
        assertThat(log)
                .as("the first probe left the main stream for the sub-stream")
                .contains("main stream unwatched");
    }

    private static JsonNode probe(String id, String cloudAddress, String stream)
            throws IOException, InterruptedException {
        String out = JarProcesses.run(
                "-jar",
                JarProcesses.VIEWER_JAR.toString(),
                "probe",
                "--cloud",
                cloudAddress,
                "--camera",
                id,
                "--password",
                PASSWORD,
                "--no-lan",
                "--stream",
                stream,
                "--frames",
                "60",
                "--timeout",
                "30");
        return JarProcesses.lastJsonLine(out);
    }
}
