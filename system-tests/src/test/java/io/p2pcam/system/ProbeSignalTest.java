package io.p2pcam.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.p2pcam.camera.media.VideoFormat;
import io.p2pcam.protocol.endpoint.CameraEvent;
import io.p2pcam.protocol.session.SessionEvent;
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
 * `probe` as a real process (the shaded viewer jar) stopped by a signal halfway through a long
 * measurement, as a script's timeout(1) or a person's Ctrl-C stops it: it stops at once, closes its
 * session (the camera hears the viewer leave instead of timing it out) and still prints its line
 * with what it measured so far, marked interrupted, with the exit status a shell expects of a
 * process a signal stopped (128 + the signal's number).
 */
@Tag("realtime")
class ProbeSignalTest {
    private static final String PASSWORD = "signal-test-passphrase-7";
    private static final Duration PROMPTLY = Duration.ofSeconds(5);
    private final JarProcesses processes = new JarProcesses();

    @TempDir
    Path dir;

    @AfterEach
    void stopEverything() throws InterruptedException {
        processes.stopAll();
    }

    @Test
    void sigtermStopsProbeWhichClosesItsSessionAndPrintsWhatItMeasuredMarkedInterrupted() throws Exception {
        probeStoppedBy("TERM", 143);
    }

    @Test
    void ctrlCStopsProbeTheSameWayWithItsOwnExitStatus() throws Exception {
        probeStoppedBy("INT", 130);
    }

    private void probeStoppedBy(String signal, int expectedExit) throws Exception {
        assumeTrue(Files.exists(JarProcesses.VIEWER_JAR), "the shaded viewer jar is built first");
        try (CameraRig rig = CameraRig.start(1, new VideoFormat(320, 240, 15), PASSWORD, 4)) {
            Files.writeString(dir.resolve("password"), PASSWORD);
            Path out = dir.resolve("probe.out");
            Process probe = processes.start(
                    out,
                    dir.resolve("probe.err"),
                    "-jar",
                    JarProcesses.VIEWER_JAR.toString(),
                    "probe",
                    "--cloud",
                    rig.cloudAddress(),
                    "--camera",
                    rig.ids().getFirst().toString(),
                    "--password-file",
                    dir.resolve("password").toString(),
                    "--no-lan",
                    "--frames",
                    "1000000",
                    "--timeout",
                    "600");
            CameraEvent.ViewerLive live = (CameraEvent.ViewerLive) Eventually.next(
                    "the probe's session to go live",
                    Duration.ofSeconds(60),
                    rig.events(),
                    event -> event instanceof CameraEvent.ViewerLive);
            // Two receiver reports from the probe (one every 0.5 s): it has been receiving pictures.
            for (int report = 1; report <= 2; report++) {
                Eventually.next(
                        "receiver report " + report + " of the probe",
                        Duration.ofSeconds(10),
                        rig.events(),
                        event -> event instanceof CameraEvent.LinkReport link && link.sessionId() == live.sessionId());
            }

            new ProcessBuilder("kill", "-" + signal, Long.toString(probe.pid()))
                    .inheritIO()
                    .start()
                    .waitFor();

            assertThat(probe.waitFor(PROMPTLY.toSeconds(), TimeUnit.SECONDS))
                    .as(
                            "probe stopped within %s of SIG%s; its log: %s",
                            PROMPTLY, signal, JarProcesses.read(dir.resolve("probe.err")))
                    .isTrue();
            assertThat(probe.exitValue()).isEqualTo(expectedExit);
            String printed = JarProcesses.read(out);
            assertThat(printed).as("probe's stdout").isNotBlank();
            JsonNode line = JarProcesses.lastJsonLine(printed);
            assertThat(line.path("interrupted").asBoolean()).as(printed).isTrue();
            assertThat(line.path("camera").asText())
                    .isEqualTo(rig.ids().getFirst().toString());
            assertThat(line.path("frames").asInt()).as(printed).isPositive();
            assertThat(line.has("error")).as(printed).isFalse();
            CameraEvent.ViewerLeft left = (CameraEvent.ViewerLeft) Eventually.next(
                    "the camera to hear the probe leave",
                    PROMPTLY,
                    rig.events(),
                    event -> event instanceof CameraEvent.ViewerLeft gone && gone.sessionId() == live.sessionId());
            assertThat(left.reason()).isEqualTo(SessionEvent.CloseReason.PEER_CLOSED);
        }
    }
}
