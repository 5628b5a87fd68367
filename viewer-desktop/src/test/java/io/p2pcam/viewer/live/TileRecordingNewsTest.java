package io.p2pcam.viewer.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.media.DepacketizerEvent.AccessUnit;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.testing.ManualClock;
import io.p2pcam.viewer.config.CameraEntry;
import io.p2pcam.viewer.engine.decode.TestStreams;
import io.p2pcam.viewer.engine.record.RecordingException;
import io.p2pcam.viewer.engine.record.ResumingRecorder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the user sees of a recording that lost its file (the status line, the tile's mark), from a
 * real recorder writing real files into a temporary folder (decision 0073).
 */
class TileRecordingNewsTest {

    @TempDir
    Path videos;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-05T12:00:00Z"));
    private final List<String> said = new ArrayList<>();
    private final TileModel porch = new TileModel(
            new CameraEntry(CameraIdentity.generate(new SecureRandom()).id(), "Porch", Password.of("secret-porch")),
            new FakeConnector(),
            Runnable::run);
    private int named;
    private int loops;

    @BeforeAll
    static void encodeStream() {
        TestStreams.small();
    }

    @AfterEach
    void closeTile() {
        porch.close();
    }

    /**
     * Someone deletes the {@code .part} from a folder that stays: the status line says the file
     * was deleted and that a new file follows at once, the mark says "file deleted" (not the
     * folder gone, nor a wait for a folder that never went), and the recording goes on.
     */
    @Test
    void aDeletedFileIsSaidAsDeletedAndTheRecordingGoesOnInANewFileAtOnce() throws Exception {
        ResumingRecorder recorder = recordingTold(true);

        Files.delete(videos.resolve("Porch-1.mp4.part"));
        feedClip(recorder, () -> !said.isEmpty()); // up to the picture that finds the file gone

        assertThat(said)
                .containsExactly(
                        "Recording of Porch paused: Cannot write the recording " + videos.resolve("Porch-1.mp4")
                                + ": Porch-1.mp4.part was deleted from its folder " + videos
                                + " (the folder is still there), and what was recorded in it. It goes on in a new file at once");
        assertThat(porch.recordingPausedProperty().get()).isEqualTo("file deleted");

        feedClip(recorder);
        assertThat(said).last().isEqualTo("Recording of Porch goes on in " + videos.resolve("Porch-2.mp4"));
        assertThat(porch.recordingPausedProperty().get()).isEmpty();
        assertThat(recorder.stop().file()).isEqualTo(videos.resolve("Porch-2.mp4"));
    }

    @Test
    void newsOfARecordingTheTileNoLongerHasIsDropped() throws Exception {
        ResumingRecorder recorder = recordingTold(false);

        Files.delete(videos.resolve("Porch-1.mp4.part"));
        feedClip(recorder);

        assertThat(said).isEmpty();
        assertThat(porch.recordingPausedProperty().get()).isEmpty();
        recorder.stop();
    }

    /** A recording of the porch whose news the tile hears while {@code stillTheTiles}, the first pictures in it. */
    private ResumingRecorder recordingTold(boolean stillTheTiles) throws RecordingException {
        TileRecordingNews news =
                new TileRecordingNews(porch, Runnable::run, said::add, recorder -> stillTheTiles, () -> {});
        ResumingRecorder recorder =
                ResumingRecorder.start(() -> videos.resolve("Porch-" + ++named + ".mp4"), clock, news);
        news.tell(recorder);
        feedClip(recorder);
        return recorder;
    }

    private void feedClip(ResumingRecorder recorder) {
        feedClip(recorder, () -> false);
    }

    /** Feeds the test stream's next 2.5 s, the clock set to each picture's arrival, until {@code enough}. */
    private void feedClip(ResumingRecorder recorder, BooleanSupplier enough) {
        int loop = loops++;
        for (AccessUnit unit : TestStreams.small()) {
            if (enough.getAsBoolean()) {
                return;
            }
            clock.advance(Duration.ofNanos(1_000_000_000L / 30));
            recorder.accept(new AccessUnit(
                    unit.timestamp() + loop * TestStreams.FRAMES * 3000L, unit.keyframe(), unit.annexB()));
        }
    }
}
