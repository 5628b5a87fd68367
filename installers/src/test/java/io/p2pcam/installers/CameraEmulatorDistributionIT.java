package io.p2pcam.installers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The camera emulator archive as a developer uses it (its README's commands): the launcher, a
 * camera ID that persists, and a synthetic camera registered with a cloud started from the cloud
 * distribution.
 */
class CameraEmulatorDistributionIT {
    private static final String CAMERA_ID = "[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){4}";

    @TempDir
    static Path unpacked;

    static Path camera;
    static Path cloud;

    @BeforeAll
    static void unpack() throws Exception {
        camera = Distributions.unpack(
                Distributions.cameraEmulatorArchive(), Files.createDirectory(unpacked.resolve("camera")));
        cloud = Distributions.unpack(Distributions.cloudArchive(), Files.createDirectory(unpacked.resolve("cloud")));
    }

    @Test
    void theArchiveHoldsLauncherJarReadmeAndNotices() {
        assertThat(camera.resolve("bin/p2pcam-camera")).isExecutable();
        assertThat(camera.resolve("bin/p2pcam-java")).isExecutable();
        assertThat(camera.resolve("lib/camera-emulator.jar")).isRegularFile();
        assertThat(camera.resolve("README.md"))
                .content()
                .contains("bin/p2pcam-camera run --cloud", "--source webcam", "--source file:", "devices");
        assertThat(camera.resolve("THIRD-PARTY-NOTICES.txt")).content().contains("FFmpeg", "LGPL", "OpenH264");
    }

    @Test
    void idPrintsTheSameCameraIdEachTime() throws Exception {
        Path state = unpacked.resolve("state-id");
        ProcessResult first = camera("id", "--state-dir", state.toString());
        ProcessResult second = camera("id", "--state-dir", state.toString());
        assertThat(first.exit()).as("%s", first).isZero();
        assertThat(first.stdout().strip()).matches(CAMERA_ID);
        assertThat(second.stdout()).isEqualTo(first.stdout());
    }

    @Test
    void aSyntheticCameraRegistersWithACloudFromTheCloudDistribution() throws Exception {
        int httpPort = Distributions.freeTcpPort();
        int udpPort = Distributions.freeUdpPort();
        List<String> cloudCommand = List.of(cloud.resolve("bin/p2pcam-cloud").toString(), "--bind", "127.0.0.1");
        Map<String, String> cloudEnvironment =
                Map.of("P2PCAM_UDP_PORT", String.valueOf(udpPort), "P2PCAM_HTTP_PORT", String.valueOf(httpPort));
        try (RunningProcess server =
                RunningProcess.start(cloudCommand, cloudEnvironment, httpPort).awaitHealthy(Duration.ofSeconds(60))) {
            List<String> cameraCommand = List.of(
                    camera.resolve("bin/p2pcam-camera").toString(),
                    "run",
                    "--state-dir",
                    unpacked.resolve("state-run").toString(),
                    "--cloud",
                    "127.0.0.1:" + udpPort,
                    "--source",
                    "synthetic",
                    "--size",
                    "320x240",
                    "--fps",
                    "10");
            try (RunningProcess running = RunningProcess.start(
                    cameraCommand,
                    Map.of("HOME", unpacked.toString(), "P2PCAM_PASSWORD", "distribution-test-passphrase"),
                    -1)) {
                Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
                String metrics = "";
                while (Instant.now().isBefore(deadline) && !metrics.contains("\np2pcam_cameras_online 1\n")) {
                    Thread.sleep(200);
                    metrics = server.get("/metrics").body();
                }
                assertThat(metrics)
                        .as("camera output:\n%s", running.output())
                        .contains(
                                "\np2pcam_cameras_online 1\n", "p2pcam_registrations_total{outcome=\"registered\"} 1");
            }
        }
    }

    @Test
    void aFileThatIsNoVideoFailsInOneLineThatSaysWhatFfmpegFound() throws Exception {
        Path notVideo = Files.writeString(unpacked.resolve("notes.mp4"), "not a video at all\n");

        ProcessResult run = camera(
                Map.of("P2PCAM_PASSWORD", "distribution-test-passphrase"),
                "run",
                "--state-dir",
                unpacked.resolve("state-file").toString(),
                "--cloud",
                "127.0.0.1:9",
                "--source",
                "file:" + notVideo);

        assertThat(run.exit()).as("%s", run).isEqualTo(1);
        // FFmpeg printed "[mov,mp4,m4a,3gp,3g2,mj2 @ 0x…] moov atom not found" on stderr, twice, first.
        assertThat(run.stderr())
                .as("%s", run)
                .isEqualTo("p2pcam-camera run: cannot open video file " + notVideo
                        + ": Invalid data found when processing input (moov atom not found)\n");
    }

    private static ProcessResult camera(String... arguments) throws Exception {
        return camera(Map.of(), arguments);
    }

    private static ProcessResult camera(Map<String, String> environment, String... arguments) throws Exception {
        List<String> command =
                new ArrayList<>(List.of(camera.resolve("bin/p2pcam-camera").toString()));
        command.addAll(List.of(arguments));
        Map<String, String> withHome = new HashMap<>(environment);
        withHome.put("HOME", unpacked.toString());
        return ProcessResult.run(command, withHome, unpacked, Duration.ofSeconds(60));
    }
}
