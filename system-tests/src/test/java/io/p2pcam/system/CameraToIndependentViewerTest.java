package io.p2pcam.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.p2pcam.camera.media.VideoFormat;
import io.p2pcam.cloud.core.PassVerdict;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invariant 6, "PROTOCOL.md is complete enough to write a client from it alone", kept true: the
 * Python viewer in tools/independent-viewer, written from the document without the Java sources,
 * watches a real camera through a real cloud on loopback (lookup, connect with the password, Noise
 * handshake, punch, sealed session, H.264 reassembly), and Debian's ffprobe and ffmpeg decode what
 * it wrote. Skipped where python3 or its cryptography package is missing ('./p2pcam test' installs
 * python3-cryptography).
 */
@Tag("realtime")
@Tag("interop")
class CameraToIndependentViewerTest {
    private static final Path TOOL = JarProcesses.ROOT.resolve("tools/independent-viewer");
    private static final String PASSWORD = "independent viewer passphrase";
    private static final int FRAMES = 60;
    private static final VideoFormat SUB = new VideoFormat(320, 180, 30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static CameraRig rig;

    @TempDir
    Path dir;

    private static boolean pythonWithCryptography;

    @BeforeAll
    static void startCloudAndCamera() throws Exception {
        Outcome imported = run(List.of("python3", "-c", "import cryptography"), Map.of(), 30);
        pythonWithCryptography = imported.exit() == 0;
        if (pythonWithCryptography) {
            rig = CameraRig.start(1, new VideoFormat(640, 360, 30), SUB, PASSWORD, 4);
        }
    }

    /** Each test, not the class, is skipped: surefire shows a skipped test and why, a skipped class as nothing. */
    @BeforeEach
    void needsPythonWithCryptography() {
        assumeTrue(
                pythonWithCryptography,
                "needs python3 with its cryptography package (apt-get install python3-cryptography)");
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void aViewerWrittenFromTheDocumentAloneReceivesFramesThatFfmpegDecodes() throws Exception {
        Path out = dir.resolve("out.h264");

        JsonNode result = independentViewer(out, PASSWORD);

        assertThat(result.get("frames").asInt()).as(result.toString()).isEqualTo(FRAMES);
        assertThat(result.get("width").asInt()).isEqualTo(640);
        assertThat(result.get("height").asInt()).isEqualTo(360);
        // What §10.2 promises about the media, as the independent code reads it.
        assertThat(result.get("first_packet_opens_keyframe").asBoolean()).isTrue();
        assertThat(result.get("keyframes").asInt()).isPositive();
        assertThat(result.get("idr_without_parameter_sets").asInt()).isZero();
        assertThat(result.get("max_rtp_bytes").asInt()).isBetween(1, 1100);
        assertThat(result.get("dropped_session_packets").asInt()).isZero();

        JsonNode stream = decodedVideo(out);
        assertThat(stream.get("codec_name").asText()).isEqualTo("h264");
        assertThat(stream.get("width").asInt()).isEqualTo(640);
        assertThat(stream.get("nb_read_frames").asInt()).isEqualTo(FRAMES);
    }

    @Test
    void itAsksForTheSubStreamAndTheCameraSwitchesItOverAtAKeyframe() throws Exception {
        Path out = dir.resolve("sub.h264");

        // On the main stream for a second first: asked for at once, the sub-stream can be the
        // viewer's first media, and there would be no switch to see (§10.9).
        JsonNode result = independentViewer(out, PASSWORD, "--stream", "1", "--switch-after", "1");

        assertThat(result.get("listed_streams").toString())
                .as("the welcome's stream list (§10.1), as a reader of the document decodes it")
                .isEqualTo("{\"main\":\"640x360@30\",\"sub\":\"%dx%d@%d\"}"
                        .formatted(SUB.width(), SUB.height(), SUB.fps()));
        assertThat(result.get("stream_switches").asInt()).as(result.toString()).isEqualTo(1);
        assertThat(result.get("switches_opened_at_keyframe").asBoolean()).isTrue();
        assertThat(result.get("frames").asInt()).isEqualTo(FRAMES);
        JsonNode stream = decodedVideo(out); // the viewer's file holds the newest stream only
        assertThat(stream.get("width").asInt()).isEqualTo(SUB.width());
        assertThat(stream.get("height").asInt()).isEqualTo(SUB.height());
        assertThat(stream.get("nb_read_frames").asInt()).isEqualTo(FRAMES);
    }

    /** ffprobe's description of the file's video, once ffmpeg has decoded it all without an error. */
    private static JsonNode decodedVideo(Path file) throws Exception {
        Outcome decode = run(
                List.of(tool("ffmpeg"), "-v", "error", "-nostdin", "-i", file.toString(), "-f", "null", "-"),
                Map.of(),
                60);
        assertThat(decode.exit()).as(decode.output()).isZero();
        assertThat(decode.output()).as("ffmpeg's decoding errors").isBlank();
        Outcome probe = run(
                List.of(
                        tool("ffprobe"),
                        "-v",
                        "error",
                        "-count_frames",
                        "-show_entries",
                        "stream=codec_name,width,height,nb_read_frames",
                        "-of",
                        "json",
                        file.toString()),
                Map.of(),
                30);
        assertThat(probe.exit()).as(probe.output()).isZero();
        return JSON.readTree(probe.output()).get("streams").get(0);
    }

    @Test
    void itPairsThenComesBackByItsKeyAloneWithTheCloudPassTheCameraGaveIt() throws Exception {
        Path key = dir.resolve("viewer.key");
        JsonNode first = independentViewer(dir.resolve("first.h264"), PASSWORD, "--key-file", key.toString());
        assertThat(first.get("paired").asBoolean()).as(first.toString()).isTrue();
        assertThat(first.get("cloud_pass_presented").asBoolean()).isFalse();
        long passedBefore = rig.cloud().metrics().connectPasses(PassVerdict.PASSED);

        JsonNode again = independentViewer(dir.resolve("again.h264"), "", "--key-file", key.toString());

        assertThat(again.get("frames").asInt()).as(again.toString()).isEqualTo(FRAMES);
        assertThat(again.get("paired").asBoolean()).isTrue();
        assertThat(again.get("cloud_pass_presented").asBoolean()).isTrue();
        assertThat(rig.cloud().metrics().connectPasses(PassVerdict.PASSED))
                .as("the cloud checked the pass tag the independent code computed")
                .isEqualTo(passedBefore + 1);
    }

    @Test
    void theDocumentsWorkedExamplesHoldInTheIndependentCode() throws Exception {
        Outcome tests = run(List.of("python3", "-B", "-m", "unittest", "-v", "test_doc_vectors"), Map.of(), 60);
        assertThat(tests.exit()).as(tests.output()).isZero();
    }

    /** Runs the Python viewer on this test's camera to its end; its JSON line of results. */
    private static JsonNode independentViewer(Path out, String password, String... more) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                "python3",
                "-B",
                "viewer.py",
                "--cloud",
                rig.cloudAddress(),
                "--camera",
                rig.ids().getFirst().toString(),
                "--out",
                out.toString(),
                "--frames",
                String.valueOf(FRAMES),
                "--seconds",
                "20"));
        command.addAll(List.of(more));
        // The password goes in the environment, as the viewer takes it: never on a command line.
        Outcome viewer = run(command, Map.of("P2PCAM_PASSWORD", password), 60);
        assertThat(viewer.exit()).as(viewer.output()).isZero();
        return JarProcesses.lastJsonLine(viewer.output());
    }

    record Outcome(int exit, String output) {}

    /** Runs {@code command} in the tool's directory to its end, stdout and stderr together. */
    private static Outcome run(List<String> command, Map<String, String> env, int seconds)
            throws IOException, InterruptedException {
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(TOOL.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new Outcome(-1, e.getMessage()); // not installed
        }
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " took over " + seconds + " s");
        }
        return new Outcome(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private static String tool(String name) {
        for (String path : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(path, name))) {
                return Path.of(path, name).toString();
            }
        }
        throw new AssertionError(name + " is not installed; './p2pcam test' installs it (apt-get install ffmpeg)");
    }
}
