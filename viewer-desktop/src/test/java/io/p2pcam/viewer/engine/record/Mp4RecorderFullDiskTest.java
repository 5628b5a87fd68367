package io.p2pcam.viewer.engine.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.p2pcam.media.codec.OpusEncoder;
import io.p2pcam.protocol.audio.AudioStreamSender;
import io.p2pcam.protocol.audio.OpusRtp;
import io.p2pcam.protocol.audio.TimingMarks;
import io.p2pcam.protocol.media.DepacketizerEvent.AccessUnit;
import io.p2pcam.protocol.media.RtpPacket;
import io.p2pcam.protocol.testing.ManualClock;
import io.p2pcam.viewer.engine.decode.TestStreams;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

        recordUntilTheDiskIsFull(recorder, List.of(), new ManualClock(Mp4RecorderAudioTest.NOW));

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

    @Test
    void theIncompleteFileKeepsTheSoundUpToWhereItKeepsThePictures() throws Exception {
        disk = mountSmallDisk();
        Path file = disk.resolve("Hof-20261205-120000.mp4");
        ManualClock clock = new ManualClock(Mp4RecorderAudioTest.NOW);
        Mp4Recorder recorder = Mp4Recorder.start(file, clock);
        List<AccessUnit> clip = TestStreams.small();
        List<RtpPacket> sound = markedSound(clip);
        recorder.acceptAudio(sound.getFirst()); // before the first picture: gives the file its audio track

        recordUntilTheDiskIsFull(recorder, sound.subList(1, sound.size()), clock);

        assertThat(recorder.state()).isEqualTo(RecorderState.FAILED);
        Path incomplete = disk.resolve("Hof-20261205-120000 (incomplete).mp4");
        assertThat(FfmpegTools.stream(incomplete, "audio").get("codec_name").asText())
                .isEqualTo("opus");
        assertThat(FfmpegTools.decodeErrors(incomplete)).isEmpty();
        double picturesEnd = FfmpegTools.packets(incomplete, "video").getLast().endSeconds();
        List<FfmpegTools.Packet> audio = FfmpegTools.packets(incomplete, "audio");
        assertThat(audio.getLast().endSeconds())
                .as("the sound kept ends within a fragment of the pictures kept (%s s)", picturesEnd)
                .isCloseTo(picturesEnd, within(Mp4Muxer.FRAGMENT_MICROS / 1e6))
                .isGreaterThan(2.5);
        Path copy = Files.copy(incomplete, folder.resolve("copy.mp4")); // ffmpeg's output has no room on the disk
        assertThat(FfmpegTools.decodedSoundSeconds(copy))
                .as("the sound decoded, laid end to end")
                .isCloseTo(audio.getLast().endSeconds(), within(0.05));
    }

    /**
     * A disk mounted read-only (as Linux remounts a USB disk with errors): the recording fails
     * when the user presses record, naming the file and why, and leaves nothing behind.
     */
    @Test
    void aReadOnlyDiskFailsTheStartAtOnceWithTheReason() throws Exception {
        disk = mountSmallDisk();
        assertThat(run("mount", "-o", "remount,ro", disk.toString())).isEmpty();
        Path file = disk.resolve("Videos").resolve("Hof-20261205-120000.mp4");

        assertThatThrownBy(() -> Mp4Recorder.start(file))
                .isInstanceOf(RecordingException.class)
                .hasMessageStartingWith("Cannot record to " + file + ": cannot create the folder " + file.getParent())
                .hasMessageContaining("Read-only file system");
        assertThat(run("mount", "-o", "remount,rw", disk.toString())).isEmpty();
        Files.createDirectory(disk.resolve("Videos"));
        assertThat(run("mount", "-o", "remount,ro", disk.toString())).isEmpty();

        assertThatThrownBy(() -> Mp4Recorder.start(file))
                .isInstanceOf(RecordingException.class)
                .hasMessageStartingWith("Cannot record to " + file + ": ")
                .hasMessageContaining("Read-only file system");
        assertThat(disk.resolve("Videos")).isEmptyDirectory();
    }

    /**
     * Feeds {@code clip} over and over (its timestamps going on) until the recorder fails, each
     * picture followed by the packets of {@code sound} (one per 20 ms of {@code clip}, looped
     * alike) captured up to its time; {@code clock} (the recorder's, if it has sound) is set to
     * each one's arrival: a picture as it is captured, a packet once its 20 ms are.
     */
    private static void recordUntilTheDiskIsFull(Mp4Recorder recorder, List<RtpPacket> sound, ManualClock clock) {
        List<AccessUnit> clip = TestStreams.small();
        long clipTicks = clip.size() * FRAME_TICKS;
        long clipSamples = clipTicks * OpusRtp.CLOCK_RATE / 90_000;
        int next = 0;
        for (int loop = 0; loop < 400 && recorder.state() != RecorderState.FAILED; loop++) {
            for (int i = 0; i < clip.size(); i++) {
                AccessUnit unit = clip.get(i);
                at(clock, (loop * clip.size() + i) * 1000L / 30);
                recorder.accept(new AccessUnit(unit.timestamp() + loop * clipTicks, unit.keyframe(), unit.annexB()));
                for (; !sound.isEmpty() && next * 20L <= (loop * clip.size() + i) * 1000L / 30; next++) {
                    at(clock, (next + 1) * 20L);
                    RtpPacket packet = sound.get(next % sound.size());
                    long timestamp = (packet.timestamp() + next / sound.size() * clipSamples) & 0xFFFF_FFFFL;
                    recorder.acceptAudio(new RtpPacket(
                            packet.payloadType(), false, next & 0xFFFF, timestamp, packet.ssrc(), packet.payload()));
                }
            }
        }
    }

    /** Sets {@code clock} to {@code millis} after {@link Mp4RecorderAudioTest#NOW}. */
    private static void at(ManualClock clock, long millis) {
        clock.advance(Duration.between(clock.instant(), Mp4RecorderAudioTest.NOW.plusMillis(millis)));
    }

    /**
     * One packet of 20 ms of marked sound before the first picture of {@code clip}, then 2.5 s of
     * it captured with the pictures (the marks repeat every 0.5 s, so it loops without a seam).
     */
    private static List<RtpPacket> markedSound(List<AccessUnit> clip) {
        long firstSample = Mp4RecorderAudioTest.firstPictureSample(clip);
        AudioStreamSender sender = new AudioStreamSender(0xA0D10, 1);
        short[] pcm = new short[OpusRtp.FRAME_SAMPLES];
        List<RtpPacket> packets = new ArrayList<>();
        try (OpusEncoder encoder = new OpusEncoder(false)) {
            for (int k = -1; k < 125; k++) {
                long sample = firstSample + (long) k * OpusRtp.FRAME_SAMPLES;
                TimingMarks.render(pcm, (long) k * OpusRtp.FRAME_SAMPLES);
                packets.add(sender.packet(encoder.encodeEveryFrame(pcm), OpusRtp.timestampOf(sample)));
            }
        }
        return packets;
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
    static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return process.exitValue() == 0
                ? ""
                : new String(out, StandardCharsets.UTF_8) + " (exit " + process.exitValue() + ")";
    }
}
