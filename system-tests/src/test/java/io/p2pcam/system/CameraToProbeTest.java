package io.p2pcam.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.p2pcam.camera.live.LiveCamera;
import io.p2pcam.camera.media.EncoderLoop;
import io.p2pcam.camera.media.EncoderSettings;
import io.p2pcam.camera.media.H264Encoder;
import io.p2pcam.camera.media.SyntheticSource;
import io.p2pcam.camera.media.VideoFormat;
import io.p2pcam.cloud.core.PassVerdict;
import io.p2pcam.cloud.server.CloudServer;
import io.p2pcam.cloud.server.CloudServerSettings;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage;
import io.p2pcam.protocol.endpoint.CameraEvent;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.pairing.UnpairedBudget;
import io.p2pcam.viewer.probe.ProbeCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The cloud server, an emulated camera (synthetic source, real H.264) and `probe`, on loopback in one JVM. */
@Tag("realtime")
class CameraToProbeTest {
    /**
     * Every probe and app here is a new viewer (a fresh key) from 127.0.0.1, many within seconds:
     * the camera's budget for strangers (4 at once, then one per 5 s per address) would refuse them.
     */
    private static final UnpairedBudget.Limits TEST_VIEWERS =
            new UnpairedBudget.Limits(1_000, 1, 1_000, 1, 1_000, 1, 4096);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final CameraIdentity IDENTITY = CameraIdentity.generate(RANDOM);
    private static final BlockingQueue<CameraEvent> CAMERA_EVENTS = new LinkedBlockingQueue<>();
    private static CloudServer cloud;
    private static LiveCamera camera;

    record Probe(int exit, JsonNode line) {}

    @BeforeAll
    static void startCloudAndCamera() throws Exception {
        cloud = CloudServer.start(CloudServerSettings.loopbackEphemeral());
        VideoFormat format = new VideoFormat(640, 360, 30);
        EncoderLoop encoder = new EncoderLoop(
                new SyntheticSource(640, 360, 30, Clock.systemUTC()),
                new H264Encoder(EncoderSettings.of(format, EncoderSettings.defaultBitrate(format))));
        camera = LiveCamera.start(
                new LiveCamera.Settings(
                        IDENTITY,
                        cloud.udpAddress(),
                        Password.of("pw"),
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                        4,
                        null,
                        TEST_VIEWERS),
                format,
                encoder,
                CAMERA_EVENTS::add);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (CAMERA_EVENTS.poll(100, TimeUnit.MILLISECONDS) instanceof CameraEvent.Registered) {
                return;
            }
        }
        throw new AssertionError("the camera did not register within 10 s");
    }

    @AfterAll
    static void stop() {
        if (camera != null) {
            camera.close();
        }
        if (cloud != null) {
            cloud.close();
        }
    }

    static Probe probe(String... args) throws Exception {
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new ProbeCommand());
        command.setOut(new PrintWriter(out));
        int exit = command.execute(args);
        return new Probe(exit, JSON.readTree(out.toString().strip()));
    }

    /** `probe` of this test's camera through this test's cloud, with {@code more} arguments. */
    static Probe probeThisCamera(String... more) throws Exception {
        String[] args = new String[4 + more.length];
        args[0] = "--cloud";
        args[1] = cloudAddress();
        args[2] = "--camera";
        args[3] = IDENTITY.id().toString();
        System.arraycopy(more, 0, args, 4, more.length);
        return probe(args);
    }

    private static String cloudAddress() {
        return "127.0.0.1:" + cloud.udpAddress().getPort();
    }

    @Test
    void probeDecodesEveryFrameAndReportsThePathAndTimings() throws Exception {
        Probe probe = probeThisCamera("--password", "pw", "--frames", "90", "--timeout", "20");
        assertThat(probe.exit()).as(probe.line().toString()).isZero();
        JsonNode line = probe.line();
        assertThat(line.get("camera").asText()).isEqualTo(IDENTITY.id().toString());
        assertThat(line.get("path").asText()).isIn("lan", "direct");
        assertThat(line.get("frames").asInt()).isEqualTo(90);
        assertThat(line.get("width").asInt()).isEqualTo(640);
        assertThat(line.get("height").asInt()).isEqualTo(360);
        assertThat(line.get("corruptFrames").asLong()).isZero();
        assertThat(line.get("latencyMsP50").isNumber()).isTrue();
        assertThat(line.get("fps").asDouble()).isGreaterThan(20);
        // Where the time went, in the order it is spent.
        assertThat(List.of("lookupMs", "connectMs", "pathMs", "firstPacketMs", "firstFrameMs"))
                .extracting(field -> line.get(field).asLong())
                .isSorted();
        // The camera sends a new viewer nothing before a keyframe (PROTOCOL.md §10.2).
        assertThat(line.get("firstUnitKeyframe").asBoolean()).isTrue();
        assertThat(line.get("bytes").asLong()).isPositive();
    }

    @Test
    void fourProbesAtOnceAreAllServedFromOneEncoder() throws Exception {
        List<CompletableFuture<Probe>> probes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            probes.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return probeThisCamera("--password", "pw", "--frames", "60", "--timeout", "30");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (CompletableFuture<Probe> future : probes) {
            Probe probe = future.get(40, TimeUnit.SECONDS);
            assertThat(probe.exit()).as(probe.line().toString()).isZero();
            assertThat(probe.line().get("frames").asInt()).isEqualTo(60);
        }
    }

    @Test
    void withFivePercentLossBothWaysNacksKeepNearlyEveryFrameIntact() throws Exception {
        Probe probe = probeThisCamera(
                "--password", "pw", "--frames", "150", "--timeout", "30", "--impair", "loss=0.05,seed=3");
        assertThat(probe.exit()).as(probe.line().toString()).isZero();
        JsonNode line = probe.line();
        JsonNode recovery = line.get("recovery");
        assertThat(recovery.get("lostOnPath").asLong()).as(line.toString()).isPositive();
        assertThat(recovery.get("recovered").asLong()).as(line.toString()).isPositive();
        assertThat(recovery.get("nacksSent").asLong())
                .isGreaterThanOrEqualTo(recovery.get("recovered").asLong());
        // The figure asked for is 99 % (bench/loss.sh measures it); a loaded CI machine gets a little slack.
        assertThat(line.get("intactPercent").asDouble()).as(line.toString()).isGreaterThanOrEqualTo(97.0);
        assertThat(line.get("corruptFrames").asLong()).isZero();
    }

    @Test
    void aLossBurstEndsInACleanPictureWithinASecond() throws Exception {
        Probe probe = probeThisCamera(
                "--password", "pw", "--frames", "150", "--timeout", "30", "--impair", "burst=1500:1500:0.2,seed=4");
        assertThat(probe.exit()).as(probe.line().toString()).isZero();
        JsonNode line = probe.line();
        assertThat(line.get("cleanAfterBurstMs").isNumber()).as(line.toString()).isTrue();
        assertThat(line.get("cleanAfterBurstMs").asDouble()).as(line.toString()).isLessThan(1000.0);
        assertThat(line.get("corruptFrames").asLong()).isZero();
    }

    @Test
    void aProbeWithAKeyDirectoryPairsOnceAndThenNeedsNoPassword(@TempDir Path keys) throws Exception {
        Probe first = probeThisCamera(
                "--password", "pw", "--key-directory", keys.toString(), "--frames", "5", "--timeout", "20");
        assertThat(first.exit()).as(first.line().toString()).isZero();
        assertThat(first.line().get("paired").asBoolean()).isTrue();
        assertThat(keys.resolve("viewer.key")).isRegularFile();
        assertThat(first.line().get("cloudPass").asText()).isEqualTo("none");
        assertThat(keys.resolve("cloud-passes"))
                .as("the paired camera's pass, kept")
                .isRegularFile();
        long passedBefore = cloud.metrics().connectPasses(PassVerdict.PASSED);

        Probe again = probeThisCamera(
                "--password", "", "--key-directory", keys.toString(), "--frames", "5", "--timeout", "20");
        assertThat(again.exit()).as(again.line().toString()).isZero();
        assertThat(again.line().get("paired").asBoolean()).isTrue();
        assertThat(again.line().get("cloudPass").asText()).isEqualTo("presented");
        assertThat(cloud.metrics().connectPasses(PassVerdict.PASSED))
                .as("the cloud recognised the pass the camera gave")
                .isEqualTo(passedBefore + 1);

        Probe stranger = probeThisCamera(
                "--password",
                "",
                "--key-directory",
                keys.resolve("other").toString(),
                "--frames",
                "5",
                "--timeout",
                "20");
        // A key the camera does not know, and no password: the camera says so (the app asks the user).
        assertThat(stranger.exit()).isNotZero();
        assertThat(stranger.line().get("error").asText())
                .as(stranger.line().toString())
                .isEqualTo("PASSWORD_NEEDED");
    }

    @Test
    void aWrongPasswordIsAuthFailed() throws Exception {
        Probe probe = probeThisCamera("--password", "nope", "--frames", "10", "--timeout", "10");
        assertThat(probe.exit()).isNotZero();
        assertThat(probe.line().get("error").asText()).isEqualTo("AUTH_FAILED");
        assertThat(probe.line().get("message").asText()).contains("wrong password");
    }

    @Test
    void anIdWithATypoIsBadIdWithoutAnyNetworkTraffic() throws Exception {
        long packetsBefore = cloud.metrics().packetsIn();
        String id = IDENTITY.id().toString();
        char wrong = id.charAt(3) == 'A' ? 'B' : 'A';
        String typo = id.substring(0, 3) + wrong + id.substring(4);
        Probe probe = probe("--cloud", cloudAddress(), "--camera", typo, "--password", "pw");
        assertThat(probe.exit()).isNotZero();
        assertThat(probe.line().get("error").asText()).isEqualTo("BAD_ID");
        assertThat(probe.line().get("message").asText()).contains("check character mismatch");
        assertThat(cloud.metrics().packetsIn()).isEqualTo(packetsBefore);
    }

    @Test
    void anUnknownCameraIsUnavailableWithinTheTimeout() throws Exception {
        long started = System.nanoTime();
        Probe probe = probe(
                "--cloud",
                cloudAddress(),
                "--camera",
                CameraIdentity.generate(RANDOM).id().toString(),
                "--password",
                "pw",
                "--timeout",
                "5");
        assertThat(probe.line().get("error").asText()).isEqualTo("CAMERA_UNAVAILABLE");
        assertThat(System.nanoTime() - started).isLessThan(TimeUnit.SECONDS.toNanos(5));
    }

    @Test
    @SuppressWarnings("try") // the socket is closed early on purpose: that ends the liar's receive before the join
    void aCloudThatLiesAboutTheCamerasKeyIsCaughtByTheViewer() throws Exception {
        CameraIdentity impostor = CameraIdentity.generate(RANDOM);
        try (DatagramSocket lyingCloud =
                new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            Thread liar = Thread.ofVirtual().start(() -> {
                byte[] buffer = new byte[1500];
                while (!lyingCloud.isClosed()) {
                    try {
                        DatagramPacket request = new DatagramPacket(buffer, buffer.length);
                        lyingCloud.receive(request);
                        CloudMessage message = CloudCodec.decode(request.getData(), 0, request.getLength());
                        if (message instanceof CloudMessage.Lookup lookup) {
                            byte[] reply = CloudCodec.encode(
                                    new CloudMessage.LookupResult(lookup.transaction(), impostor.publicKey()));
                            lyingCloud.send(new DatagramPacket(reply, reply.length, request.getSocketAddress()));
                        }
                    } catch (Exception closedOrGarbage) {
                        return;
                    }
                }
            });
            Probe probe = probe(
                    "--cloud",
                    "127.0.0.1:" + lyingCloud.getLocalPort(),
                    "--camera",
                    IDENTITY.id().toString(),
                    "--password",
                    "pw",
                    "--timeout",
                    "5");
            assertThat(probe.line().get("error").asText()).isEqualTo("CLOUD_LIED");
            lyingCloud.close();
            liar.join(1_000);
        }
    }
}
