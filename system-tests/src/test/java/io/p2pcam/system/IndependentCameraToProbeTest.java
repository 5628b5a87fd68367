package io.p2pcam.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.p2pcam.cloud.core.CloudConfig;
import io.p2pcam.cloud.core.CloudEvents.RegistrationOutcome;
import io.p2pcam.cloud.core.DropReason;
import io.p2pcam.cloud.core.RelayLimits;
import io.p2pcam.cloud.server.CloudServer;
import io.p2pcam.cloud.server.CloudServerSettings;
import io.p2pcam.viewer.probe.ProbeCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Invariant 6 from the camera's side: the Python camera in tools/independent-camera, written from
 * docs/PROTOCOL.md without the Java sources, registers with the real cloud (signed REGISTER, then
 * its resumption ticket after a restart) and admits the real viewer engine's `probe` with its
 * password: Noise handshake as responder, CameraWelcome, punching, sealed session, H.264 from a file
 * as RTP. Skipped where python3, its cryptography package or ffmpeg is missing.
 */
@Tag("realtime")
@Tag("interop")
class IndependentCameraToProbeTest {
    private static final String PASSWORD = "independent camera passphrase";
    private static final Duration REGISTERING = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path video;

    record Probe(int exit, JsonNode line) {}

    @BeforeEach
    void needsPythonAndFfmpeg() throws Exception {
        assumeTrue(IndependentCamera.runnable(), IndependentCamera.NEEDS);
        video = IndependentCamera.testVideo(dir, 320, 240);
    }

    @Test
    void probeDecodesTheIndependentCamerasPicturesAtTheSizeOfItsFile() throws Exception {
        try (CloudServer cloud = CloudServer.start(CloudServerSettings.loopbackEphemeral());
                IndependentCamera camera = IndependentCamera.start(dir, cloud.udpAddress(), PASSWORD, video)) {
            String id = camera.await("registered", REGISTERING).get("camera").asText();
            assertThat(cloud.metrics().registrations(RegistrationOutcome.REGISTERED))
                    .as("the cloud checked the independent code's signature")
                    .isEqualTo(1);

            Probe probe = probe(cloud, id, "--password", PASSWORD, "--frames", "60", "--timeout", "20");

            assertThat(probe.exit()).as(probe.line().toString()).isZero();
            JsonNode line = probe.line();
            assertThat(line.get("frames").asInt()).isEqualTo(60);
            assertThat(line.get("width").asInt()).isEqualTo(320);
            assertThat(line.get("height").asInt()).isEqualTo(240);
            assertThat(line.get("corruptFrames").asLong()).isZero();
            assertThat(line.get("firstUnitKeyframe").asBoolean())
                    .as("§10.2: a viewer's media starts at a keyframe")
                    .isTrue();
            assertThat(line.get("path").asText()).isIn("lan", "direct");
            assertThat(line.get("streams").toString())
                    .as("the welcome's stream list (§10.1): the main stream alone")
                    .isEqualTo("[{\"stream\":\"main\",\"width\":320,\"height\":240,\"fps\":30}]");
            JsonNode left = camera.await("viewer left", Duration.ofSeconds(10));
            assertThat(left.get("reason").asText()).as("probe ends with a BYE").isEqualTo("BYE");
        }
    }

    @Test
    void aWrongPasswordIsRefusedAndTheRightOneStillGetsIn() throws Exception {
        try (CloudServer cloud = CloudServer.start(CloudServerSettings.loopbackEphemeral());
                IndependentCamera camera = IndependentCamera.start(dir, cloud.udpAddress(), PASSWORD, video)) {
            String id = camera.await("registered", REGISTERING).get("camera").asText();

            Probe wrong = probe(cloud, id, "--password", "not the password", "--frames", "5", "--timeout", "10");

            assertThat(wrong.exit()).isNotZero();
            assertThat(wrong.line().get("error").asText())
                    .as(wrong.line().toString())
                    .isEqualTo("AUTH_FAILED");
            assertThat(camera.await("viewer refused", Duration.ofSeconds(5))
                            .get("verdict")
                            .asInt())
                    .as("WRONG_PASSWORD")
                    .isEqualTo(1);
            Probe right = probe(cloud, id, "--password", PASSWORD, "--frames", "5", "--timeout", "20");
            assertThat(right.exit()).as(right.line().toString()).isZero();
        }
    }

    @Test
    void aRestartedCloudTakesTheCameraBackByItsResumptionTicket() throws Exception {
        CloudServerSettings settings = CloudServerSettings.loopbackEphemeral().withStateDirectory(dir.resolve("state"));
        CloudServer first = CloudServer.start(settings);
        try (IndependentCamera camera = IndependentCamera.start(dir, first.udpAddress(), PASSWORD, video)) {
            JsonNode registered = camera.await("registered", REGISTERING);
            assertThat(registered.get("ticket").asBoolean())
                    .as(registered.toString())
                    .isTrue();
            first.close();

            // Its next keepalive (at most 8 s away, §4.5) hears NOT_REGISTERED from the new node.
            try (CloudServer second =
                    CloudServer.start(settings.withUdpPort(first.udpAddress().getPort()))) {
                JsonNode again =
                        camera.await("registered", event -> event.get("resumed").asBoolean(), Duration.ofSeconds(30));
                assertThat(second.metrics().registrations(RegistrationOutcome.RESUMED))
                        .as("the cloud verified the RESUME proof the independent code computed: " + again)
                        .isEqualTo(1);
                assertThat(second.metrics().drops(DropReason.TICKET_REFUSED)).isZero();

                Probe probe = probe(
                        second,
                        again.get("camera").asText(),
                        "--password",
                        PASSWORD,
                        "--frames",
                        "5",
                        "--timeout",
                        "20");
                assertThat(probe.exit()).as(probe.line().toString()).isZero();
            }
        } finally {
            first.close();
        }
    }

    @Test
    void withNoDirectPathTheCameraGoesLiveThroughTheCloudsRelay() throws Exception {
        CloudServerSettings settings = CloudServerSettings.loopbackEphemeral()
                .withCloud(CloudConfig.defaults().withRelay(RelayLimits.on()));
        // --direct blocked: the camera takes nothing but the cloud's datagrams, as behind a firewall
        // that passes only the cloud, so probe's direct PROBEs go unanswered and the relay (§7) is the only path.
        try (CloudServer cloud = CloudServer.start(settings);
                IndependentCamera camera =
                        IndependentCamera.start(dir, cloud.udpAddress(), PASSWORD, video, "--direct", "blocked")) {
            JsonNode registered = camera.await("registered", REGISTERING);
            assertThat(registered.get("relays").asBoolean())
                    .as(registered.toString())
                    .isTrue();

            Probe probe = probe(
                    cloud,
                    registered.get("camera").asText(),
                    "--password",
                    PASSWORD,
                    "--frames",
                    "30",
                    "--timeout",
                    "20");

            assertThat(probe.exit()).as(probe.line().toString()).isZero();
            assertThat(probe.line().get("path").asText()).isEqualTo("relay");
            assertThat(probe.line().get("width").asInt()).isEqualTo(320);
            assertThat(probe.line().get("corruptFrames").asLong()).isZero();
            assertThat(cloud.metrics().relayedBytes())
                    .as("the relay checked the tags of the camera's frames and passed them on")
                    .isPositive();
            assertThat(camera.await("viewer left", Duration.ofSeconds(10))
                            .get("path")
                            .asText())
                    .isEqualTo("relay");
        }
    }

    @Test
    void theCamerasPiecesHoldAgainstTheDocumentsExamplesAndTheIndependentViewer() throws Exception {
        IndependentViewer.Outcome tests = IndependentViewer.run(
                IndependentCamera.TOOL, List.of("python3", "-B", "-m", "unittest", "-v", "test_camera"), Map.of(), 60);
        assertThat(tests.exit()).as(tests.output()).isZero();
    }

    private static Probe probe(CloudServer cloud, String id, String... more) throws Exception {
        List<String> args = new ArrayList<>(
                List.of("--cloud", "127.0.0.1:" + cloud.udpAddress().getPort(), "--camera", id));
        args.addAll(List.of(more));
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new ProbeCommand());
        command.setOut(new PrintWriter(out));
        int exit = command.execute(args.toArray(String[]::new));
        return new Probe(exit, JSON.readTree(out.toString().strip()));
    }
}
