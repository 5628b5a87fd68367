package io.p2pcam.viewer.engine.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.p2pcam.protocol.media.DepacketizerEvent.AccessUnit;
import io.p2pcam.protocol.testing.ManualClock;
import io.p2pcam.viewer.engine.decode.TestStreams;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recording onto a disk that starts failing with I/O errors (EIO) part-way, as a dying USB
 * stick or SD card does: an ext4 file system, mounted {@code sync} so that a failed write fails
 * the write call, on a loop device over a 64 MiB file; while the recording runs the file is cut
 * to 4 MiB and the device told its new size, so that every write past it fails with an I/O error
 * (no device-mapper needed: it is missing here). Needs root (mount, losetup); skipped with the
 * reason otherwise.
 */
@Tag("interop")
class Mp4RecorderFailingDiskTest {

    private static final long FRAME_TICKS = 3000;

    @TempDir
    Path folder;

    private final List<List<String>> undo = new ArrayList<>();
    private Path image;
    private String device;

    @AfterEach
    void tearDown() throws Exception {
        for (List<String> command : undo.reversed()) {
            Mp4RecorderFullDiskTest.run(command.toArray(String[]::new));
        }
    }

    /**
     * The recording ends at the first failed write: FAILED, reported once with the system's reason,
     * further pictures ignored without an error thrown into the thread that feeds them (the live
     * view's), and what was recorded kept as a file that plays up to its last complete fragment.
     */
    @Test
    void aDiskFailingWithIoErrorsEndsTheRecordingCleanlyKeepingWhatWasWrittenUntilThen() throws Exception {
        Path disk = mountFailingDisk();
        Path file = disk.resolve("Hof-20261205-120000.mp4");
        ManualClock clock = new ManualClock(Mp4RecorderAudioTest.NOW);
        Mp4Recorder recorder = Mp4Recorder.start(file, clock);
        List<RecordingException> reported = new ArrayList<>();
        recorder.whenFailed(reported::add);

        int loops = 0;
        for (; loops < 2; loops++) {
            feedClip(recorder, clock, loops);
        }
        failDisk();
        while (recorder.state() != RecorderState.FAILED && loops < 400) {
            feedClip(recorder, clock, loops++);
        }
        long written = recorder.framesWritten();
        feedClip(recorder, clock, loops); // the live view goes on feeding: nothing thrown, nothing written

        assertThat(recorder.state()).isEqualTo(RecorderState.FAILED);
        assertThat(recorder.framesWritten()).isEqualTo(written);
        assertThat(reported)
                .singleElement()
                .satisfies(e -> assertThat(e.getMessage())
                        .startsWith("Cannot write the recording " + file + ": ")
                        .contains("Input/output error")
                        .contains("What was recorded until then is in "));
        assertThat(reported.getFirst().getMessage().lines()).as("one line").hasSize(1);
        assertThatThrownBy(recorder::stop).hasMessage(reported.getFirst().getMessage());
        assertThat(file).as("the final name stays for complete recordings").doesNotExist();

        Path kept = keptFile(disk);
        assertThat(reported.getFirst().getMessage()).contains("What was recorded until then is in " + kept);
        try (FileChannel channel = FileChannel.open(kept)) {
            // Linux remounts a failing disk read-only, so the cut may fail: the user is told so.
            assertThat(reported.getFirst().getMessage().contains("its end could not be cut off"))
                    .as("told the kept file's end may not play exactly when it ends in a broken fragment")
                    .isEqualTo(Mp4FragmentCut.completeLength(channel) < channel.size());
        }
        assertThat(FfmpegTools.stream(kept, "video").get("codec_name").asText()).isEqualTo("h264");
        // Read back while the disk still reads: the file up to its last complete fragment, which
        // a player plays (on a disk Linux remounted read-only the file cannot be cut to it).
        Path complete = folder.resolve("complete.mp4");
        try (FileChannel channel = FileChannel.open(kept)) {
            Files.write(complete, Files.readAllBytes(kept), StandardOpenOption.CREATE_NEW);
            try (FileChannel copy = FileChannel.open(complete, StandardOpenOption.WRITE)) {
                copy.truncate(Mp4FragmentCut.completeLength(channel));
            }
        }
        assertThat(FfmpegTools.decodeErrors(complete)).isEmpty();
        List<FfmpegTools.Packet> packets = FfmpegTools.packets(complete, "video");
        double recordedSeconds = written / 30.0;
        assertThat(packets.getLast().endSeconds())
                .as("all but the last fragment of the %s s written", recordedSeconds)
                .isGreaterThan(recordedSeconds - Mp4Muxer.FRAGMENT_MICROS / 1e6 - 0.1)
                .isGreaterThan(2.5);
        int[] decoded = {0};
        Mp4Contents.decode(complete, picture -> decoded[0]++);
        assertThat(decoded[0]).isEqualTo(packets.size());
    }

    /** The one recording file on {@code disk}: the incomplete one, or the .part if it could not be renamed. */
    private static Path keptFile(Path disk) throws IOException {
        try (Stream<Path> files = Files.list(disk)) {
            return files.filter(f -> f.getFileName().toString().startsWith("Hof-"))
                    .reduce((a, b) -> {
                        throw new AssertionError("two recordings kept: " + a + ", " + b);
                    })
                    .orElseThrow(() -> new AssertionError("no recording kept on the disk"));
        }
    }

    /** Feeds the test stream as its {@code loop}th 2.5 s, the clock set to each picture's arrival. */
    private static void feedClip(Mp4Recorder recorder, ManualClock clock, int loop) {
        for (AccessUnit unit : TestStreams.small()) {
            clock.advance(Duration.ofNanos(1_000_000_000L / 30));
            recorder.accept(new AccessUnit(
                    unit.timestamp() + loop * TestStreams.FRAMES * FRAME_TICKS, unit.keyframe(), unit.annexB()));
        }
    }

    /**
     * Mounts the disk, still sound, under the test's folder (see the class comment); skips the
     * test where it cannot be made.
     */
    private Path mountFailingDisk() throws Exception {
        Assumptions.assumeTrue(
                "root".equals(System.getProperty("user.name")), "a loop device and mounts need root: skipped");
        image = folder.resolve("disk.img");
        assume("truncate", "-s", "64M", image.toString());
        Process losetup = new ProcessBuilder("losetup", "-f", "--show", image.toString()).start();
        device = new String(losetup.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        Assumptions.assumeTrue(
                losetup.waitFor(30, TimeUnit.SECONDS) && losetup.exitValue() == 0 && !device.isEmpty(),
                "no loop device here: skipped");
        undo.add(List.of("losetup", "-d", device));
        assume("mkfs.ext4", "-q", device);
        Path disk = Files.createDirectory(folder.resolve("failing-disk"));
        assume("mount", "-o", "sync", device, disk.toString());
        undo.add(List.of("umount", disk.toString()));
        return disk;
    }

    /** From now on every write past the first 4 MiB of the disk fails with an I/O error. */
    private void failDisk() throws Exception {
        assertThat(Mp4RecorderFullDiskTest.run("truncate", "-s", "4M", image.toString()))
                .isEmpty();
        assertThat(Mp4RecorderFullDiskTest.run("losetup", "-c", device)).isEmpty();
    }

    private static void assume(String... command) throws Exception {
        String failure = Mp4RecorderFullDiskTest.run(command);
        Assumptions.assumeTrue(
                failure.isEmpty(), () -> String.join(" ", command) + " failed: " + failure + "; skipped");
    }
}
