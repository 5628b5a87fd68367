package io.p2pcam.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.p2pcam.cloud.server.CloudServer;
import io.p2pcam.cloud.server.CloudServerSettings;
import io.p2pcam.protocol.testing.Eventually;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path CAMERA_JAR = ROOT.resolve("camera-emulator/target/camera-emulator.jar");
    private static final Path VIEWER_JAR = ROOT.resolve("viewer-desktop/target/viewer-desktop.jar");
    private static final String PASSWORD = "sub-stream-passphrase-16";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<Process> started = new ArrayList<>();
    private CloudServer cloud;

    @TempDir
    Path state;

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (Process process : started) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    void probeAskingForTheSubStreamDecodesItsSizeAndTheMainStreamStillComesAtFullSize() throws Exception {
        assumeTrue(Files.exists(CAMERA_JAR) && Files.exists(VIEWER_JAR), "the shaded jars are built first");
        cloud = CloudServer.start(CloudServerSettings.loopbackEphemeral());
        String cloudAddress = "127.0.0.1:" + cloud.udpAddress().getPort();
        String id = java("-jar", CAMERA_JAR.toString(), "id", "--state-dir", state.toString())
                .strip()
                .lines()
                .reduce((first, last) -> last)
                .orElseThrow();
        Files.writeString(state.resolve("password"), PASSWORD);
        Path cameraLog = state.resolve("camera.log");
        start(
                cameraLog,
                "-jar",
                CAMERA_JAR.toString(),
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
                () -> read(cameraLog).contains("registered with"));

        JsonNode sub = probe(id, cloudAddress, "sub");
        assertThat(sub.path("width").asInt()).as(sub.toString()).isEqualTo(640);
        assertThat(sub.path("height").asInt()).isEqualTo(360);
        assertThat(sub.path("stream").asText()).isEqualTo("sub");
        assertThat(sub.path("corruptFrames").asLong()).isZero();
        Eventually.await(
                "the sub encoder stopped after its only viewer left",
                Duration.ofSeconds(20),
                () -> read(cameraLog).contains("sub stream unwatched"));

        JsonNode main = probe(id, cloudAddress, "main");
        assertThat(main.path("width").asInt()).as(main.toString()).isEqualTo(1280);
        assertThat(main.path("height").asInt()).isEqualTo(720);

        String log = read(cameraLog);
        assertThat(log).contains("main stream 1280x720@30, sub-stream 640x360@30");
        assertThat(log).contains("sub stream watched: encoding it");
        assertThat(log)
                .as("the first probe left the main stream for the sub-stream")
                .contains("main stream unwatched");
    }

    private static JsonNode probe(String id, String cloudAddress, String stream)
            throws IOException, InterruptedException {
        String out = java(
                "-jar",
                VIEWER_JAR.toString(),
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
        return json(out.strip().lines().reduce((first, last) -> last).orElseThrow());
    }

    private void start(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "--enable-native-access=ALL-UNNAMED"));
        command.addAll(List.of(args));
        started.add(new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start());
    }

    /** Runs java with {@code args} to its end (at most 60 s) and returns what it printed on stdout. */
    private static String java(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "--enable-native-access=ALL-UNNAMED"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", args) + " took over 60 s");
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }
}
