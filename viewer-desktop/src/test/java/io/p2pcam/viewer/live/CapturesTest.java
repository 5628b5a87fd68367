package io.p2pcam.viewer.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.testing.ManualScheduler;
import io.p2pcam.viewer.config.CameraEntry;
import io.p2pcam.viewer.engine.record.CaptureDirectories;
import io.p2pcam.viewer.engine.record.CaptureFileNames;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The viewer's recordings, driven as the window does (a tile's Record button, the status timer
 * each second), on real files in a temporary folder; the file work queued on a manual executor so
 * the test sees what the UI thread left for the files' thread.
 */
class CapturesTest {

    @TempDir
    Path top;

    private final ManualScheduler files = new ManualScheduler();
    private final List<String> said = new ArrayList<>();
    private final FakeConnector connector = new FakeConnector();
    private final TileModel porch = new TileModel(
            new CameraEntry(CameraIdentity.generate(new SecureRandom()).id(), "Porch", Password.of("secret-porch")),
            connector,
            Runnable::run);
    private Captures captures;
    private Path videos;

    @BeforeEach
    void openCaptures() {
        videos = top.resolve("Videos");
        Clock noon = Clock.fixed(Instant.parse("2026-12-05T12:00:00Z"), ZoneOffset.UTC);
        captures = new Captures(
                new CaptureFileNames(new CaptureDirectories(videos, top.resolve("Pictures")), noon),
                files,
                Runnable::run,
                said::add);
    }

    @AfterEach
    void closeTile() {
        porch.close();
    }

    @Test
    void aRecordingThatWritesGetsNoLookFromTheStatusTimer() {
        captures.toggleRecording(porch);

        for (int second = 0; second < 3; second++) {
            captures.lookForPausedStorage();
        }

        assertThat(files.pending()).as("looks queued on the files' thread").isZero();
    }

    @Test
    void aRecordingFinishedAsTheViewerClosesIsSaidWithItsCamerasName() {
        captures.toggleRecording(porch);

        captures.close();
        files.runDue(); // the files' thread finishes what close() queued

        assertThat(said).last().asString().startsWith("Recording of Porch failed: ");
    }

    @Test
    void recordIsSaidWithItsFileAndStopFinishesTheFileOnTheFilesThread() {
        Path file = videos.resolve("Porch-20261205-120000.mp4");

        captures.toggleRecording(porch);
        assertThat(said).containsExactly("Recording Porch to " + file);
        assertThat(porch.recordingProperty().get()).isTrue();
        assertThat(captures.isRecording(porch)).isTrue();
        assertThat(videos.resolve(file.getFileName() + ".part")).exists();

        captures.toggleRecording(porch);
        assertThat(porch.recordingProperty().get()).isFalse();
        assertThat(captures.isRecording(porch)).isFalse();
        assertThat(files.pending()).as("the file finished on the files' thread").isEqualTo(1);
        files.runDue();
        assertThat(said)
                .last()
                .isEqualTo("Recording of Porch failed: Nothing was recorded to " + file
                        + ": the camera sent no keyframe before the recording stopped");
        assertThat(videos).as("no file left of a recording without pictures").isEmptyDirectory();
    }
}
