package io.p2pcam.viewer.engine.record;

import static io.p2pcam.viewer.engine.decode.PictureAssertions.assertPictureShows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;

import io.p2pcam.protocol.media.AnnexB;
import io.p2pcam.protocol.media.DepacketizerEvent.AccessUnit;
import io.p2pcam.protocol.media.DepacketizerEvent.IncompleteAccessUnit;
import io.p2pcam.protocol.media.DepacketizerEvent.LossReason;
import io.p2pcam.protocol.media.NalHeader;
import io.p2pcam.protocol.testing.ManualClock;
import io.p2pcam.viewer.engine.decode.TestStreams;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Mp4RecorderTest {

    /** 30 fps at 90 kHz, as the test encoder stamps its access units. */
    private static final long FRAME_TICKS = 3000;

    private static final int KEYFRAME_INTERVAL = 30;

    private static List<AccessUnit> stream;

    @TempDir
    Path folder;

    /** The recorder's clock in the tests of a folder that goes away: each picture arrives as captured. */
    private final ManualClock folderClock = new ManualClock(Instant.parse("2026-12-05T12:00:00Z"));

    @BeforeAll
    static void encodeStream() {
        stream = TestStreams.small();
    }

    @Test
    void recordsEveryAccessUnitIntoAnMp4ThatPlaysBackTheSamePictures() throws Exception {
        // A name beyond ASCII, as a camera called "Küche" gets.
        Path file = folder.resolve("Küche-20261130-101500.mp4");
        Mp4Recorder recorder = Mp4Recorder.start(file);
        stream.forEach(recorder::accept);

        Recording recording = recorder.stop();

        assertThat(recording.file()).isEqualTo(file);
        assertThat(recording.frames()).isEqualTo(TestStreams.FRAMES);
        assertThat(recording.duration()).isEqualTo(Duration.ofMillis(2500));
        assertThat(recorder.state()).isEqualTo(RecorderState.STOPPED);
        assertThat(folder.resolve(file.getFileName() + ".part")).doesNotExist();

        Mp4Contents mp4 = Mp4Contents.read(file);
        assertThat(mp4.formatName()).contains("mp4");
        assertThat(mp4.streamCount()).isEqualTo(1);
        assertThat(mp4.codecId()).isEqualTo(AV_CODEC_ID_H264);
        assertThat(mp4.width()).isEqualTo(TestStreams.WIDTH);
        assertThat(mp4.height()).isEqualTo(TestStreams.HEIGHT);
        assertAvcConfigurationHoldsTheStreamsSps(mp4.extradata());
        assertThat(mp4.pts()).containsExactlyElementsOf(ptsOf(TestStreams.FRAMES));
        assertThat(mp4.keyframes())
                .containsExactlyElementsOf(
                        stream.stream().map(AccessUnit::keyframe).toList());
        assertThat(mp4.durationSeconds()).isCloseTo(2.5, within(0.001));
        assertThat(mp4.topLevelBoxes())
                .as("faststart: the index before the media")
                .startsWith("ftyp", "moov")
                .contains("mdat");

        assertDecodesToFrames(file, 0, TestStreams.FRAMES);
    }

    @Test
    void startingMidGopWaitsForTheNextKeyframeAndTimesFromIt() throws Exception {
        Path file = folder.resolve("mid-gop.mp4");
        Mp4Recorder recorder = Mp4Recorder.start(file);

        stream.subList(10, KEYFRAME_INTERVAL).forEach(recorder::accept);
        assertThat(recorder.state()).isEqualTo(RecorderState.WAITING_FOR_KEYFRAME);
        assertThat(recorder.framesWritten()).isZero();
        stream.subList(KEYFRAME_INTERVAL, TestStreams.FRAMES).forEach(recorder::accept);
        assertThat(recorder.state()).isEqualTo(RecorderState.RECORDING);
        Recording recording = recorder.stop();

        int expected = TestStreams.FRAMES - KEYFRAME_INTERVAL;
        assertThat(recording.frames()).isEqualTo(expected);
        Mp4Contents mp4 = Mp4Contents.read(file);
        assertThat(mp4.pts()).containsExactlyElementsOf(ptsOf(expected));
        assertThat(mp4.keyframes().getFirst()).isTrue();
        assertThat(mp4.durationSeconds()).isCloseTo(expected / 30.0, within(0.001));
        assertDecodesToFrames(file, KEYFRAME_INTERVAL, expected);
    }

    @Test
    void aKeyframeWithoutItsParameterSetsIsNotAPlaceToStart() throws Exception {
        Path file = folder.resolve("no-sps.mp4");
        Mp4Recorder recorder = Mp4Recorder.start(file);
        AccessUnit first = stream.getFirst();
        List<byte[]> slicesOnly = first.nalUnits().stream()
                .filter(nal -> NalHeader.type(nal[0]) != NalHeader.SPS && NalHeader.type(nal[0]) != NalHeader.PPS)
                .toList();

        recorder.accept(new AccessUnit(first.timestamp(), true, AnnexB.join(slicesOnly)));
        assertThat(recorder.state()).isEqualTo(RecorderState.WAITING_FOR_KEYFRAME);
        stream.subList(1, TestStreams.FRAMES).forEach(recorder::accept);

        assertThat(recorder.stop().frames()).isEqualTo(TestStreams.FRAMES - KEYFRAME_INTERVAL);
        assertDecodesToFrames(file, KEYFRAME_INTERVAL, TestStreams.FRAMES - KEYFRAME_INTERVAL);
    }

    @Test
    void stoppingBeforeAnyKeyframeLeavesNoFileAndSaysSo() throws Exception {
        Path file = folder.resolve("no-keyframe.mp4");
        Mp4Recorder recorder = Mp4Recorder.start(file);
        stream.subList(1, KEYFRAME_INTERVAL).forEach(recorder::accept);

        assertThatThrownBy(recorder::stop)
                .isInstanceOf(RecordingException.class)
                .hasMessage("Nothing was recorded to " + file
                        + ": the camera sent no keyframe before the recording stopped");
        assertThat(folder).isEmptyDirectory();
        assertThat(recorder.state()).isEqualTo(RecorderState.STOPPED);
    }

    @Test
    void aFolderThatCannotBeCreatedFailsTheStartWithAPlainMessage() throws Exception {
        Path notAFolder = Files.writeString(folder.resolve("videos"), "a file, not a folder");
        Path file = notAFolder.resolve("cam.mp4");

        assertThatThrownBy(() -> Mp4Recorder.start(file))
                .isInstanceOf(RecordingException.class)
                .hasMessageStartingWith("Cannot record to " + file + ": cannot create the folder " + notAFolder);
    }

    @Test
    void aFileThatCannotBeOpenedFailsTheStartWithFfmpegsReason() {
        // Nobody, root included, can create a file in /proc.
        Path file = Path.of("/proc/p2pcam-recorder-test.mp4");

        assertThatThrownBy(() -> Mp4Recorder.start(file))
                .isInstanceOf(RecordingException.class)
                .hasMessageStartingWith("Cannot record to /proc/p2pcam-recorder-test.mp4: ");
    }

    @Test
    void anExistingFileIsNeverOverwritten() throws Exception {
        Path file = Files.writeString(folder.resolve("taken.mp4"), "keep me");

        assertThatThrownBy(() -> Mp4Recorder.start(file))
                .isInstanceOf(RecordingException.class)
                .hasMessage("Cannot record to " + file + ": the file already exists");
        assertThat(file).hasContent("keep me");
    }

    @Test
    void aSecondRecordingToTheSameNameNeverTruncatesTheFirstWhileItIsWritten() throws Exception {
        // Stop and start again within one second: the first file is still <name>.part, so the
        // name looks free, and the second recording must not open that file again.
        Path file = folder.resolve("Garage-20261130-111507.mp4");
        Mp4Recorder first = Mp4Recorder.start(file);
        stream.forEach(first::accept);

        assertThatThrownBy(() -> Mp4Recorder.start(file))
                .isInstanceOf(RecordingException.class)
                .hasMessage("Cannot record to " + file + ": the file already exists");
        Recording recording = first.stop();

        assertThat(recording.frames()).isEqualTo(TestStreams.FRAMES);
        assertDecodesToFrames(file, 0, TestStreams.FRAMES);
    }

    @Test
    void aFinishedRecordingNeverReplacesAFileThatTookItsNameMeanwhile() throws Exception {
        Path file = folder.resolve("taken-later.mp4");
        Mp4Recorder recorder = Mp4Recorder.start(file);
        stream.forEach(recorder::accept);
        Files.writeString(file, "keep me");

        assertThatThrownBy(recorder::stop)
                .isInstanceOf(RecordingException.class)
                .hasMessageStartingWith("The recording is complete but could not be named " + file);
        assertThat(file).hasContent("keep me");
        assertThat(folder.resolve("taken-later.mp4.part")).exists();
    }

    @Test
    void aFullDiskIsReportedOnceAsItHappensSoTheViewerCanStopTheRecording() throws Exception {
        Path file = folder.resolve("full.mp4");
        Path partFile = folder.resolve("full.mp4.part");
        Files.createSymbolicLink(partFile, Path.of("/dev/full"));
        Mp4Recorder recorder = Mp4Recorder.startWriting(file, partFile, Clock.systemUTC());
        List<RecordingException> reported = new ArrayList<>();
        recorder.whenFailed(reported::add);

        stream.forEach(recorder::accept);

        assertThat(reported)
                .singleElement()
                .satisfies(e -> assertThat(e.getMessage())
                        .startsWith("Cannot write the recording " + file + ": ")
                        .contains("No space left on device"));
    }

    @Test
    void aFullDiskFailsTheRecordingDeletesThePartialFileAndStopSaysWhy() throws Exception {
        Path file = folder.resolve("full.mp4");
        Path partFile = folder.resolve("full.mp4.part");
        // Every write to /dev/full fails with ENOSPC, as on a full disk.
        Files.createSymbolicLink(partFile, Path.of("/dev/full"));
        Mp4Recorder recorder = Mp4Recorder.startWriting(file, partFile, Clock.systemUTC());

        stream.forEach(recorder::accept);

        assertThat(recorder.state()).isEqualTo(RecorderState.FAILED);
        long written = recorder.framesWritten();
        stream.forEach(recorder::accept);
        assertThat(recorder.framesWritten())
                .as("input after the failure is ignored")
                .isEqualTo(written);
        assertThatThrownBy(recorder::stop)
                .isInstanceOf(RecordingException.class)
                .hasMessageStartingWith("Cannot write the recording " + file + ": ")
                .hasMessageContaining("No space left on device");
        assertThat(folder).isEmptyDirectory();
    }

    /**
     * The folder a recording is written to is deleted (or its USB disk pulled) while it records:
     * the writes into the open file would go on succeeding, into a file no one can find. The
     * recording stops within a second, says so once, naming the folder, and writes nothing again.
     */
    @Test
    void aFolderDeletedWhileRecordingStopsTheRecordingOnceAndSaysTheFolderIsGone() throws Exception {
        Path disk = folder.resolve("usb-disk");
        Path videos = disk.resolve("Videos");
        Path file = videos.resolve("Hof-20261205-120000.mp4");
        List<RecordingException> reported = new ArrayList<>();
        Mp4Recorder recorder = recordingFor2500Ms(file, reported);

        deleteRecursively(disk);
        feedClip(recorder, folderClock, 1);
        feedClip(recorder, folderClock, 2);

        String gone = "Cannot write the recording " + file + ": its folder " + videos
                + " is gone (deleted, moved, or its disk removed), and what was recorded with it";
        assertThat(recorder.state()).isEqualTo(RecorderState.FAILED);
        assertThat(reported).singleElement().satisfies(e -> assertThat(e).hasMessage(gone));
        assertThat(recorder.framesWritten())
                .as("nothing written a second after the folder went")
                .isLessThanOrEqualTo(TestStreams.FRAMES + 30);
        assertThatThrownBy(recorder::stop)
                .isInstanceOf(RecordingException.class)
                .hasMessage(gone);
        assertThat(disk).as("not made again").doesNotExist();
    }

    @Test
    void aFolderDeletedJustBeforeTheStopIsNamedAsGoneRatherThanTheFileAsKept() throws Exception {
        Path videos = folder.resolve("Videos");
        Path file = videos.resolve("Hof-20261205-120000.mp4");
        Mp4Recorder recorder = recordingFor2500Ms(file, new ArrayList<>());

        deleteRecursively(videos);

        assertThatThrownBy(recorder::stop)
                .isInstanceOf(RecordingException.class)
                .hasMessage("Cannot write the recording " + file + ": its folder " + videos
                        + " is gone (deleted, moved, or its disk removed), and what was recorded with it");
        assertThat(videos).doesNotExist();
    }

    /**
     * The user renames the folder a recording is written to (or moves it on the same disk): the
     * writes go on into the file in its new place, and a recording that went on would end where
     * no one looks. The recording stops within a second and says the folder was moved or renamed
     * and where it is now; what was recorded is kept there and plays. The next recording goes to
     * the configured folder, made again.
     */
    @Test
    void aFolderRenamedWhileRecordingStopsTheRecordingSayingWhereTheFolderWentAndKeepsTheFileThere() throws Exception {
        Path videos = folder.resolve("Videos");
        Path file = videos.resolve("Hof-20261205-120000.mp4");
        List<RecordingException> reported = new ArrayList<>();
        Mp4Recorder recorder = recordingFor2500Ms(file, reported);

        Path renamed = Files.move(videos, folder.resolve("Videos from Hof"));
        feedClip(recorder, folderClock, 1);
        feedClip(recorder, folderClock, 2);

        Path kept = renamed.resolve("Hof-20261205-120000 (incomplete).mp4");
        String moved = "Cannot write the recording " + file + ": its folder was moved or renamed: " + videos
                + " is now " + renamed + ". What was recorded until then is in " + kept;
        assertThat(recorder.state()).isEqualTo(RecorderState.FAILED);
        assertThat(reported).singleElement().satisfies(e -> assertThat(e).hasMessage(moved));
        assertThatThrownBy(recorder::stop)
                .isInstanceOf(RecordingException.class)
                .hasMessage(moved);
        assertThat(videos).as("not made again by the recording that failed").doesNotExist();
        int[] decoded = {0};
        Mp4Contents.decode(kept, picture -> decoded[0]++);
        assertThat(decoded[0]).as("the pictures kept").isGreaterThanOrEqualTo(TestStreams.FRAMES);

        Mp4Recorder next = Mp4Recorder.start(file, folderClock);
        feedClip(next, folderClock, 3);
        next.stop();
        assertThat(file).as("the next recording, in the configured folder").exists();
    }

    /** A folder renamed just before the stop: named as moved, and the recording kept in it. */
    @Test
    void aFolderRenamedJustBeforeTheStopIsNamedAsMovedAndTheRecordingKeptInIt() throws Exception {
        Path videos = folder.resolve("Videos");
        Path file = videos.resolve("Hof-20261205-120000.mp4");
        Mp4Recorder recorder = recordingFor2500Ms(file, new ArrayList<>());

        Path renamed = Files.move(videos, folder.resolve("Old videos"));

        assertThatThrownBy(recorder::stop)
                .isInstanceOf(RecordingException.class)
                .hasMessageStartingWith("Cannot write the recording " + file + ": its folder was moved or renamed: "
                        + videos + " is now " + renamed);
        assertThat(renamed).isNotEmptyDirectory();
        assertThat(videos).doesNotExist();
    }

    /** Starts a recording to {@code file}, its failures told to {@code reported}, and feeds it 2.5 s. */
    private Mp4Recorder recordingFor2500Ms(Path file, List<RecordingException> reported) throws RecordingException {
        Mp4Recorder recorder = Mp4Recorder.start(file, folderClock);
        recorder.whenFailed(reported::add);
        feedClip(recorder, folderClock, 0);
        return recorder;
    }

    /** Feeds the test stream as its {@code loop}th 2.5 s, the clock set to each picture's arrival. */
    private static void feedClip(Mp4Recorder recorder, ManualClock clock, int loop) {
        for (AccessUnit unit : stream) {
            clock.advance(Duration.ofNanos(1_000_000_000L / 30));
            recorder.accept(new AccessUnit(
                    unit.timestamp() + loop * TestStreams.FRAMES * FRAME_TICKS, unit.keyframe(), unit.annexB()));
        }
    }

    private static void deleteRecursively(Path top) throws IOException {
        try (Stream<Path> paths = Files.walk(top)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    @Test
    void timestampsThatWrapOrRepeatStillGiveAnIncreasingTimeline() throws Exception {
        Path file = folder.resolve("wrap.mp4");
        Mp4Recorder recorder = Mp4Recorder.start(file);
        long base = (1L << 32) - 20 * FRAME_TICKS;
        for (int n = 0; n < 40; n++) {
            // Frame 25 repeats frame 24's timestamp; the 32-bit clock wraps at frame 20.
            long ticks = base + (n == 25 ? 24 : n) * FRAME_TICKS;
            AccessUnit unit = stream.get(n);
            recorder.accept(new AccessUnit(ticks & 0xFFFF_FFFFL, unit.keyframe(), unit.annexB()));
        }
        recorder.stop();

        // The repeated one is placed a frame after frame 24, then frame 26 follows its own stamp.
        assertThat(Mp4Contents.read(file).pts()).containsExactlyElementsOf(ptsOf(40));
    }

    @Test
    void afterALostAccessUnitTheRecordingSkipsToTheNextKeyframe() throws Exception {
        Path file = folder.resolve("loss.mp4");
        Mp4Recorder recorder = Mp4Recorder.start(file);

        stream.subList(0, 40).forEach(recorder::accept);
        recorder.accept(new IncompleteAccessUnit(stream.get(40).timestamp(), LossReason.SEQUENCE_GAP));
        stream.subList(41, TestStreams.FRAMES).forEach(recorder::accept);
        Recording recording = recorder.stop();

        assertThat(recording.frames()).isEqualTo(40 + 15);
        List<Long> expected = new ArrayList<>(ptsOf(40));
        LongStream.range(60, 75).forEach(n -> expected.add(n * FRAME_TICKS));
        assertThat(Mp4Contents.read(file).pts()).containsExactlyElementsOf(expected);
    }

    @Test
    void aSecondStopIsABugAndInputAfterStopIsIgnored() throws Exception {
        Mp4Recorder recorder = Mp4Recorder.start(folder.resolve("once.mp4"));
        stream.subList(0, 5).forEach(recorder::accept);
        recorder.stop();

        recorder.accept(stream.get(5));

        assertThat(recorder.framesWritten()).isEqualTo(5);
        assertThatThrownBy(recorder::stop).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void stoppingFromAnotherThreadWhileFramesArriveGivesACompleteFile() throws Exception {
        Path file = folder.resolve("threads.mp4");
        Mp4Recorder recorder = Mp4Recorder.start(file);
        Thread network = Thread.ofPlatform().name("network").start(() -> {
            for (int n = 0; recorder.state() != RecorderState.STOPPED; n++) {
                AccessUnit unit = stream.get(n % TestStreams.FRAMES);
                recorder.accept(new AccessUnit(n * FRAME_TICKS, unit.keyframe(), unit.annexB()));
            }
        });
        while (recorder.framesWritten() < 100) {
            Thread.onSpinWait();
        }

        Recording recording = recorder.stop();
        network.join();

        assertThat(recording.frames()).isGreaterThanOrEqualTo(100);
        assertThat(Mp4Contents.read(file).pts()).containsExactlyElementsOf(ptsOf((int) recording.frames()));
    }

    /** ISO/IEC 14496-15 §5.3.3.1: version 1, profile/compat/level, 4-byte lengths, one SPS. */
    private static void assertAvcConfigurationHoldsTheStreamsSps(byte[] avcC) {
        byte[] sps = stream.getFirst().nalUnits().stream()
                .filter(nal -> NalHeader.type(nal[0]) == NalHeader.SPS)
                .findFirst()
                .orElseThrow();
        assertThat(avcC[0]).as("configurationVersion").isEqualTo((byte) 1);
        assertThat(Arrays.copyOfRange(avcC, 1, 4))
                .as("profile, compatibility, level")
                .isEqualTo(Arrays.copyOfRange(sps, 1, 4));
        assertThat(avcC[4] & 0x03).as("lengthSizeMinusOne").isEqualTo(3);
        assertThat(avcC[5] & 0x1F).as("numOfSequenceParameterSets").isEqualTo(1);
        int spsLength = (avcC[6] & 0xFF) << 8 | avcC[7] & 0xFF;
        assertThat(Arrays.copyOfRange(avcC, 8, 8 + spsLength)).isEqualTo(sps);
    }

    private static List<Long> ptsOf(int frames) {
        return LongStream.range(0, frames).map(n -> n * FRAME_TICKS).boxed().toList();
    }

    private static void assertDecodesToFrames(Path file, int first, int count) throws IOException {
        int[] decoded = {0};
        Mp4Contents.decode(file, picture -> assertPictureShows(picture, first + decoded[0]++));
        assertThat(decoded[0]).isEqualTo(count);
    }
}
