package io.p2pcam.viewer.engine.record;

import static io.p2pcam.viewer.engine.record.Mp4RecorderDeletedFileTest.feedClip;
import static io.p2pcam.viewer.engine.record.Mp4RecorderFullDiskTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.testing.ManualClock;
import io.p2pcam.viewer.engine.decode.TestStreams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recording onto a disk that is unmounted and mounted again, or fills and has room again: tmpfs
 * disks mounted by the test (needs root; skipped otherwise), as a USB disk is (decision 0073).
 */
@Tag("interop")
class ResumingRecorderMountTest {

    @TempDir
    Path top;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-05T12:00:00Z"));
    private final RecordingNews listener = new RecordingNews();
    private final List<String> told = listener.told;
    private final List<Path> mounted = new ArrayList<>();
    private int named;

    @AfterEach
    void unmount() throws Exception {
        for (Path point : mounted) {
            run("umount", "-l", point.toString());
        }
    }

    /**
     * The disk is unmounted while recording (lazily, as a pulled disk: the file stays open), its
     * mount point left behind on the disk below. A folder made at the recording's path there is on
     * the wrong disk and is not recorded into; the disk mounted again, with its folder, is.
     */
    @Test
    void aDiskUnmountedAndMountedAgainGetsTheNextFileButNotAFolderMadeOnTheDiskBelow() throws Exception {
        Path usb = Files.createDirectory(top.resolve("usb"));
        mount(usb, "8m");
        Path videos = usb.resolve("Videos");
        ResumingRecorder recorder = start(videos);
        feedClip(recorder::accept, clock, 0);

        assertThat(run("umount", "-l", usb.toString())).isEmpty();
        feedClip(recorder::accept, clock, 1);
        assertThat(told)
                .singleElement()
                .asString()
                .startsWith("lost (folder gone): ")
                .contains(" is gone ");
        assertThat(videos).as("not made again on the disk below").doesNotExist();

        Files.createDirectory(videos); // on the disk below the mount point
        feedClip(recorder::accept, clock, 2);
        feedClip(recorder::accept, clock, 3);
        assertThat(recorder.paused()).isTrue();
        assertThat(videos).as("nothing recorded on the disk below").isEmptyDirectory();

        Files.delete(videos);
        mount(usb, "8m"); // the disk is back
        Files.createDirectory(videos);
        feedClip(recorder::accept, clock, 4);
        feedClip(recorder::accept, clock, 5);

        assertWentOnInAFileThatPlays(recorder, videos.resolve("Hof-2.mp4"));
    }

    /**
     * A disk that fills pauses the recording, said once, with what was recorded kept; while the
     * disk has no room for ten seconds of the stream no new file is started (the cut file freed a
     * little), and once the user frees room the recording goes on in a new file, said once, which
     * plays.
     */
    @Test
    void aFullDiskPausesTheRecordingUntilThereIsRoomThenItGoesOnInANewFile() throws Exception {
        Path disk = Files.createDirectory(top.resolve("small-disk"));
        mount(disk, "3m");
        ResumingRecorder recorder = start(disk);

        int loop = 0;
        while (loop < 400 && told.isEmpty()) {
            feedClip(recorder::accept, clock, loop++);
        }
        assertThat(told)
                .singleElement()
                .asString()
                .startsWith("lost (disk full): ")
                .contains("No space left on device")
                .contains("What was recorded until then is in " + disk.resolve("Hof-1 (incomplete).mp4"));
        for (int more = 0; more < 4; more++) {
            feedClip(recorder::accept, clock, loop++); // looked at every 2 s: no room
        }
        assertThat(recorder.paused()).isTrue();
        assertThat(told).hasSize(1);
        try (Stream<Path> files = Files.list(disk)) {
            assertThat(files)
                    .as("no new file on the full disk")
                    .containsExactly(disk.resolve("Hof-1 (incomplete).mp4"));
        }

        Files.delete(disk.resolve("Hof-1 (incomplete).mp4")); // the user frees room
        feedClip(recorder::accept, clock, loop++);
        feedClip(recorder::accept, clock, loop++);

        assertWentOnInAFileThatPlays(recorder, disk.resolve("Hof-2.mp4"));
    }

    /** The recording went on in {@code next}, said once, which has more than a clip of pictures and plays. */
    private void assertWentOnInAFileThatPlays(ResumingRecorder recorder, Path next) throws Exception {
        assertThat(told).hasSize(2).last().isEqualTo("resumed: " + next);
        Recording recording = recorder.stop();
        assertThat(recording.file()).isEqualTo(next);
        long[] decoded = {0};
        Mp4Contents.decode(next, picture -> decoded[0]++);
        assertThat(decoded[0]).isEqualTo(recording.frames()).isGreaterThan(TestStreams.FRAMES);
    }

    private ResumingRecorder start(Path videos) throws RecordingException {
        return ResumingRecorder.start(() -> videos.resolve("Hof-" + ++named + ".mp4"), clock, listener);
    }

    /** Mounts a tmpfs of {@code size} at {@code point}; skips the test where that cannot be done. */
    private void mount(Path point, String size) throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root");
        String failure = run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", point.toString());
        Assumptions.assumeTrue(failure.isEmpty(), "cannot mount a tmpfs here: " + failure);
        mounted.add(point);
    }
}
