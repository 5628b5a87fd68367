package io.p2pcam.viewer.engine.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.p2pcam.protocol.media.DepacketizerEvent.AccessUnit;
import io.p2pcam.protocol.testing.ManualClock;
import io.p2pcam.viewer.engine.decode.TestStreams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Someone deletes the {@code .part} a recording is written to while its folder stays (in a file
 * manager, or a clean-up job): that is said as such, not as the folder gone (decision 0073).
 */
class Mp4RecorderDeletedFileTest {

    @TempDir
    Path folder;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-05T12:00:00Z"));

    @BeforeAll
    static void encodeStream() {
        TestStreams.small();
    }

    @Test
    void aPartDeletedWhileItsFolderStaysIsNamedAsTheFileDeletedNotTheFolderGone() throws Exception {
        Path videos = Files.createDirectory(folder.resolve("Videos"));
        Path file = videos.resolve("Hof-20261205-120000.mp4");
        List<RecordingException> reported = new ArrayList<>();
        Mp4Recorder recorder = Mp4Recorder.start(file, clock);
        recorder.whenFailed(reported::add);
        feedClip(recorder, clock, 0);

        Files.delete(Mp4Recorder.partFileOf(file));
        feedClip(recorder, clock, 1);

        String deleted =
                "Cannot write the recording " + file + ": " + file.getFileName() + ".part was deleted from its folder "
                        + videos + " (the folder is still there), and what was recorded in it";
        assertThat(recorder.state()).isEqualTo(RecorderState.FAILED);
        assertThat(reported).singleElement().satisfies(e -> assertThat(e).hasMessage(deleted));
        assertThatThrownBy(recorder::stop)
                .isInstanceOf(RecordingException.class)
                .hasMessage(deleted);
        assertThat(videos).as("the folder is left as it is").isEmptyDirectory();
    }

    @Test
    void aPartDeletedJustBeforeTheStopIsNamedAsTheFileDeleted() throws Exception {
        Path file = folder.resolve("Hof-20261205-120000.mp4");
        Mp4Recorder recorder = Mp4Recorder.start(file, clock);
        feedClip(recorder, clock, 0);

        Files.delete(Mp4Recorder.partFileOf(file));

        assertThatThrownBy(recorder::stop)
                .isInstanceOf(RecordingException.class)
                .hasMessage("Cannot write the recording " + file + ": " + file.getFileName()
                        + ".part was deleted from its folder " + folder
                        + " (the folder is still there), and what was recorded in it");
    }

    /** Feeds the test stream as its {@code loop}th 2.5 s, the clock set to each picture's arrival. */
    static void feedClip(Mp4Recorder recorder, ManualClock clock, int loop) {
        feedClip(recorder::accept, clock, loop);
    }

    /** As {@link #feedClip(Mp4Recorder, ManualClock, int)}, into any taker of pictures. */
    static void feedClip(Consumer<AccessUnit> recorder, ManualClock clock, int loop) {
        for (AccessUnit unit : TestStreams.small()) {
            clock.advance(Duration.ofNanos(1_000_000_000L / 30));
            recorder.accept(new AccessUnit(
                    unit.timestamp() + loop * TestStreams.FRAMES * 3000L, unit.keyframe(), unit.annexB()));
        }
    }
}
