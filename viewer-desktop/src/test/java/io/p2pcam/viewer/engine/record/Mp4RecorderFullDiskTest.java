package io.p2pcam.viewer.engine.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.p2pcam.protocol.media.DepacketizerEvent.AccessUnit;
import io.p2pcam.viewer.engine.decode.TestStreams;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recording onto a disk that fills part-way (a 1 MiB tmpfs, mounted by the test: needs root)
 * fails, says so, and keeps what it recorded until then as a file that Debian's ffprobe and
 * ffmpeg read and decode without an error.
 */
@Tag("interop")
class Mp4RecorderFullDiskTest {

    private static final long FRAME_TICKS = 3000;

    @TempDir
    Path folder;

    private Path disk;

    @AfterEach
    void unmount() throws Exception {
        if (disk != null) {
            run("umount", disk.toString());
        }
    }

    @Test
    void aDiskThatFillsKeepsWhatWasRecordedAsAnIncompleteFileThatPlays() throws Exception {
        disk = mountSmallDisk();
        Path file = disk.resolve("Hof-20261205-120000.mp4");
        Mp4Recorder recorder = Mp4Recorder.start(file);
        List<RecordingException> reported = new ArrayList<>();
        recorder.whenFailed(reported::add);

        List<AccessUnit> clip = TestStreams.small();
        long clipTicks = clip.size() * FRAME_TICKS;
        for (int loop = 0; loop < 400 && recorder.state() != RecorderState.FAILED; loop++) {
            for (AccessUnit unit : clip) {
                recorder.accept(new AccessUnit(unit.timestamp() + loop * clipTicks, unit.keyframe(), unit.annexB()));
            }
        }

        assertThat(recorder.state()).isEqualTo(RecorderState.FAILED);
        Path incomplete = disk.resolve("Hof-20261205-120000 (incomplete).mp4");
        assertThat(reported)
                .singleElement()
                .satisfies(e -> assertThat(e.getMessage())
                        .startsWith("Cannot write the recording " + file + ": ")
                        .contains("No space left on device")
                        .endsWith("What was recorded until then is in " + incomplete));
        assertThatThrownBy(recorder::stop).hasMessage(reported.getFirst().getMessage());
        assertThat(file).as("the final name stays for complete recordings").doesNotExist();
        assertThat(Mp4Recorder.partFileOf(file)).doesNotExist();
        assertThat(incomplete).exists();

        assertThat(FfmpegTools.stream(incomplete, "video").get("codec_name").asText())
                .isEqualTo("h264");
        assertThat(FfmpegTools.decodeErrors(incomplete)).isEmpty();
        List<FfmpegTools.Packet> packets = FfmpegTools.packets(incomplete, "video");
        double recordedSeconds = recorder.framesWritten() / 30.0;
        double keptSeconds = packets.getLast().endSeconds();
        assertThat(keptSeconds)
                .as(
                        "all but the last fragment (at most %d µs) of %s s written",
                        Mp4Muxer.FRAGMENT_MICROS, recordedSeconds)
                .isGreaterThan(recordedSeconds - Mp4Muxer.FRAGMENT_MICROS / 1e6 - 0.1)
                .isLessThanOrEqualTo(recordedSeconds + 0.001)
                .isGreaterThan(2.5);
        int[] decoded = {0};
        Mp4Contents.decode(incomplete, picture -> decoded[0]++);
        assertThat(decoded[0]).isEqualTo(packets.size());
    }

    /** A 1 MiB tmpfs under the test's folder; skips the test where it cannot be mounted. */
    private Path mountSmallDisk() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "mounting a small tmpfs needs root");
        Path mountPoint = Files.createDirectory(folder.resolve("small-disk"));
        String failure = run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mountPoint.toString());
        Assumptions.assumeTrue(failure.isEmpty(), "cannot mount a tmpfs here: " + failure);
        return mountPoint;
    }

    /** Runs {@code command}; its output if it failed, "" if it succeeded. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return process.exitValue() == 0
                ? ""
                : new String(out, StandardCharsets.UTF_8) + " (exit " + process.exitValue() + ")";
    }
}
