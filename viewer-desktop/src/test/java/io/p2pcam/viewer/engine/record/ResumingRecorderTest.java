package io.p2pcam.viewer.engine.record;

import static io.p2pcam.viewer.engine.record.Mp4RecorderDeletedFileTest.feedClip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.p2pcam.protocol.testing.ManualClock;
import io.p2pcam.viewer.engine.decode.TestStreams;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recording the user asked for goes on in a new file when its file or folder was lost and the
 * folder is back, on real files in temporary folders (decision 0073).
 */
class ResumingRecorderTest {

    @TempDir
    Path top;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-05T12:00:00Z"));
    private final RecordingNews listener = new RecordingNews();
    private final List<String> told = listener.told;
    private int named;

    @BeforeAll
    static void encodeStream() {
        TestStreams.small();
    }

    private ResumingRecorder recordingInto(Path videos) throws RecordingException {
        ResumingRecorder recorder =
                ResumingRecorder.start(() -> videos.resolve("Hof-" + ++named + ".mp4"), clock, listener);
        feedClip(recorder::accept, clock, 0);
        return recorder;
    }

    /** Records 2.5 s into {@code videos} on {@code disk}, then the disk goes (its folders with it). */
    private ResumingRecorder recordingUntilItsDiskIsPulled(Path disk, Path videos) throws Exception {
        ResumingRecorder recorder = recordingInto(videos);
        deleteRecursively(disk);
        return recorder;
    }

    @Test
    void aFolderDeletedAndThereAgainGetsANewFileThatPlaysSaidOnce() throws Exception {
        Path disk = top.resolve("usb-disk");
        Path videos = disk.resolve("Videos");
        ResumingRecorder recorder = recordingUntilItsDiskIsPulled(disk, videos);

        feedClip(recorder::accept, clock, 1);
        assertThat(recorder.paused()).isTrue();
        assertThat(disk).as("not made again while it is away").doesNotExist();

        Files.createDirectories(videos); // the disk is back
        feedClip(recorder::accept, clock, 2);
        feedClip(recorder::accept, clock, 3);

        Path second = videos.resolve("Hof-2.mp4");
        assertThat(told)
                .containsExactly(
                        "lost (folder gone): Cannot write the recording " + videos.resolve("Hof-1.mp4")
                                + ": its folder " + videos
                                + " is gone (deleted, moved, or its disk removed), and what was recorded with it",
                        "resumed: " + second);
        assertThat(recorder.paused()).isFalse();
        Recording recording = recorder.stop();
        assertThat(recording.file()).isEqualTo(second);
        assertThat(recording.frames())
                .as("from the first keyframe after the folder was back on")
                .isGreaterThanOrEqualTo(TestStreams.FRAMES + 15);
        assertThat(decodedPictures(second)).isEqualTo(recording.frames());
    }

    /**
     * The camera goes offline while the folder is away, and the folder comes back before the
     * camera does: the viewer's timer looks, the recording goes on in a new file (the tile says
     * "REC" again, not "folder gone"), which starts with the camera's first keyframe.
     */
    @Test
    void aFolderBackWhileTheCameraSendsNothingIsFoundByTheTimersLook() throws Exception {
        Path disk = top.resolve("usb-disk");
        Path videos = disk.resolve("Videos");
        ResumingRecorder recorder = recordingUntilItsDiskIsPulled(disk, videos);
        feedClip(recorder::accept, clock, 1); // the loss is seen; then the camera goes offline

        clock.advance(Duration.ofSeconds(10));
        recorder.look();
        assertThat(recorder.paused()).as("the folder is still away").isTrue();
        assertThat(disk).doesNotExist();

        Files.createDirectories(videos);
        clock.advance(Duration.ofMillis(ResumingRecorder.LOOK_EVERY_MILLIS));
        recorder.look();

        Path second = videos.resolve("Hof-2.mp4");
        assertThat(told).hasSize(2).last().isEqualTo("resumed: " + second);
        assertThat(recorder.paused()).isFalse();
        feedClip(recorder::accept, clock, 2); // the camera is back
        Recording recording = recorder.stop();
        assertThat(recording.file()).isEqualTo(second);
        assertThat(recording.frames()).isEqualTo(TestStreams.FRAMES);
        assertThat(decodedPictures(second)).isEqualTo(recording.frames());
    }

    /** The timer's look costs nothing more than the pictures' own: at most one every 2 s, none while a file is written. */
    @Test
    void theTimersLookIsAtMostEveryTwoSecondsAndNoneWhileAFileIsWritten() throws Exception {
        Path videos = top.resolve("Videos");
        ResumingRecorder recorder = recordingInto(videos);
        recorder.look();
        assertThat(told).isEmpty();

        deleteRecursively(videos);
        feedClip(recorder::accept, clock, 1); // lost, and looked at the next picture
        Files.createDirectories(videos);
        recorder.look();
        assertThat(recorder.paused()).as("looked less than 2 s ago").isTrue();

        clock.advance(Duration.ofMillis(ResumingRecorder.LOOK_EVERY_MILLIS));
        recorder.look();
        assertThat(recorder.paused()).isFalse();
        assertThat(told).last().isEqualTo("resumed: " + videos.resolve("Hof-2.mp4"));
        assertThatThrownBy(recorder::stop)
                .as("stopped before the camera sent a keyframe into the new file")
                .hasMessageContaining("the camera sent no keyframe");
        assertThat(videos).as("the empty new file is not left behind").isEmptyDirectory();
    }

    @Test
    void aFolderRenamedAndMadeAgainAtItsPathGetsTheNextFileWhileTheLastStaysWhereItWent() throws Exception {
        Path videos = top.resolve("Videos");
        ResumingRecorder recorder = recordingInto(videos);

        Path renamed = Files.move(videos, top.resolve("Old videos"));
        feedClip(recorder::accept, clock, 1);
        Files.createDirectory(videos);
        feedClip(recorder::accept, clock, 2);

        assertThat(told).hasSize(2);
        assertThat(told.getFirst()).startsWith("lost (folder gone): ").contains("its folder was moved or renamed");
        assertThat(told.getLast()).isEqualTo("resumed: " + videos.resolve("Hof-2.mp4"));
        assertThat(renamed.resolve("Hof-1 (incomplete).mp4")).exists();
        assertThat(recorder.stop().file()).isEqualTo(videos.resolve("Hof-2.mp4"));
    }

    @Test
    void aDeletedFileInAFolderThatStaysGoesOnInANewFileAtOnce() throws Exception {
        Path videos = top.resolve("Videos");
        ResumingRecorder recorder = recordingInto(videos);

        Files.delete(videos.resolve("Hof-1.mp4.part"));
        feedClip(recorder::accept, clock, 1);
        feedClip(recorder::accept, clock, 2);

        assertThat(told)
                .as("the tile's mark says the file was deleted, not the folder gone")
                .containsExactly(
                        "lost (file deleted): Cannot write the recording " + videos.resolve("Hof-1.mp4")
                                + ": Hof-1.mp4.part was deleted from its folder " + videos
                                + " (the folder is still there), and what was recorded in it",
                        "resumed: " + videos.resolve("Hof-2.mp4"));
        assertThat(listener.pauses.getFirst().until())
                .as("the status line: a new file at once, not once a folder that never went is back")
                .isEqualTo("at once");
        Recording recording = recorder.stop();
        assertThat(recording.frames())
                .as("a second after the deletion at most is missing")
                .isGreaterThanOrEqualTo(2L * TestStreams.FRAMES - 30 - 30);
        assertThat(decodedPictures(recording.file())).isEqualTo(recording.frames());
    }

    /**
     * Stopped between the deletion and the new file (the camera's next picture, or the timer's
     * look), the stop says no new file was started yet in the folder, which never went away.
     */
    @Test
    void aStopBeforeTheNewFileAfterADeletionSaysNoNewFileWasStartedNotThatTheFolderWasAway() throws Exception {
        Path videos = top.resolve("Videos");
        ResumingRecorder recorder = recordingInto(videos);

        Files.delete(videos.resolve("Hof-1.mp4.part"));
        feedClip(
                picture -> {
                    if (told.isEmpty()) {
                        recorder.accept(picture); // up to the picture that finds the file gone
                    }
                },
                clock,
                1);

        assertThat(recorder.paused()).isTrue();
        assertThatThrownBy(recorder::stop)
                .isInstanceOf(RecordingException.class)
                .hasMessage(
                        "Nothing more was recorded: the recording stopped before a new file was started in its folder "
                                + videos + " (its file was deleted)");
    }

    @Test
    void aFolderThatStaysAwayIsNeverMadeAgainAndTheStopSaysNothingMoreWasRecorded() throws Exception {
        Path disk = top.resolve("usb-disk");
        Path videos = disk.resolve("Videos");
        ResumingRecorder recorder = recordingUntilItsDiskIsPulled(disk, videos);

        for (int loop = 1; loop <= 4; loop++) {
            feedClip(recorder::accept, clock, loop);
        }

        assertThat(disk).doesNotExist();
        assertThat(told).singleElement().asString().startsWith("lost (folder gone): ");
        assertThatThrownBy(recorder::stop)
                .isInstanceOf(RecordingException.class)
                .hasMessage(
                        "Nothing more was recorded: the recording stopped before its folder " + videos + " was back");
    }

    @Test
    void aFileWhereTheFolderWasIsNoPlaceToGoOn() throws Exception {
        Path videos = top.resolve("Videos");
        ResumingRecorder recorder = recordingInto(videos);

        deleteRecursively(videos);
        Files.writeString(videos, "a file now");
        feedClip(recorder::accept, clock, 1);
        feedClip(recorder::accept, clock, 2);

        assertThat(recorder.paused()).isTrue();
        assertThat(told).singleElement().asString().startsWith("lost (folder gone): ");
        assertThat(videos).hasContent("a file now");
    }

    /**
     * A USB disk's folder whose path now lies on another file system (the disk unmounted, the
     * path made again on the disk below): made here by a link to a folder on the machine's tmpfs.
     * Once the folder is back on its own file system, the recording goes on.
     */
    @Test
    void aFolderBackOnAnotherFileSystemIsNoPlaceToGoOnUntilItIsBackOnItsOwn() throws Exception {
        Path elsewhere = Path.of("/dev/shm");
        assumeThat(Files.isDirectory(elsewhere)).as("a tmpfs at /dev/shm").isTrue();
        assumeThat(Files.getFileStore(elsewhere)).isNotEqualTo(Files.getFileStore(top));
        Path videos = top.resolve("Videos");
        ResumingRecorder recorder = recordingInto(videos);
        Path other = Files.createTempDirectory(elsewhere, "p2pcam-other-disk");
        try {
            deleteRecursively(videos);
            Files.createSymbolicLink(videos, other);
            feedClip(recorder::accept, clock, 1);
            feedClip(recorder::accept, clock, 2);

            assertThat(recorder.paused()).isTrue();
            assertThat(other).as("nothing written on the other file system").isEmptyDirectory();

            Files.delete(videos);
            Files.createDirectory(videos);
            feedClip(recorder::accept, clock, 3);
            assertThat(told).last().isEqualTo("resumed: " + videos.resolve("Hof-2.mp4"));
            recorder.stop();
        } finally {
            deleteRecursively(other);
        }
    }

    private static long decodedPictures(Path file) throws IOException {
        long[] decoded = {0};
        Mp4Contents.decode(file, picture -> decoded[0]++);
        return decoded[0];
    }

    static void deleteRecursively(Path top) throws IOException {
        try (Stream<Path> paths = Files.walk(top)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
