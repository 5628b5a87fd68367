package io.p2pcam.viewer.engine.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.p2pcam.media.codec.OpusEncoder;
import io.p2pcam.protocol.audio.AudioStreamSender;
import io.p2pcam.protocol.audio.OpusRtp;
import io.p2pcam.protocol.audio.TimingMarks;
import io.p2pcam.protocol.media.DepacketizerEvent.AccessUnit;
import io.p2pcam.protocol.media.RtpPacket;
import io.p2pcam.protocol.testing.ManualClock;
import io.p2pcam.protocol.testing.MarkOnsets;
import io.p2pcam.viewer.engine.decode.TestStreams;
import io.p2pcam.viewer.engine.record.FfmpegTools.Packet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntToLongFunction;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sound of a recording goes through the pictures' timeline: a packet stamped far off costs that
 * packet only, and a stall the pictures' timeline cuts short is cut alike for the sound, so that
 * sound and pictures stay in sync for the rest of the file, as ffprobe reads it.
 */
@Tag("interop")
class Mp4RecorderSoundTimingTest {
    private static final int FRAME_MILLIS = 20;
    /** The frame of {@link TestStreams#small()} (30 fps) after which the camera stalls. */
    private static final int FRAMES_BEFORE_STALL = 45;
    /** How long the camera's stream stalls: longer than the longest gap a recording keeps. */
    private static final long STALL_MILLIS = 20_000;

    private static final long STALL_SAMPLES = STALL_MILLIS * OpusRtp.CLOCK_RATE / 1000;

    @TempDir
    Path folder;

    /** The recorder's clock: this machine's, set to each frame's arrival (0 ms at {@link Mp4RecorderAudioTest#NOW}). */
    private final ManualClock clock = new ManualClock(Mp4RecorderAudioTest.NOW);

    private long clockMillis;

    /** One frame of sound or picture: when the recorder gets it, and how it gives it. */
    private record Arrival(long millis, boolean picture, Runnable feed) {}

    @Test
    void oneSoundPacketStampedHoursAheadIsLeftOutAndTheSoundAfterItIsKept() throws Exception {
        List<AccessUnit> video = TestStreams.small(); // 2.5 s at 30 fps
        long sixHours = 6L * 3600 * OpusRtp.CLOCK_RATE; // within the 32-bit unwrap's reach
        Path file = folder.resolve("stamped-ahead.mp4");
        Mp4Recorder recorder = Mp4Recorder.start(file, clock);

        List<Arrival> arrivals = new ArrayList<>(pictures(recorder, video, i -> i * 1000L / 30));
        // 125 frames of 20 ms with the pictures; the 41st stamped six hours ahead.
        arrivals.addAll(sound(recorder, video, 125, k -> k * FRAME_MILLIS, k -> k == 40 ? sixHours : 0));
        feedInOrder(arrivals);
        recorder.stop();

        assertThat(recorder.audioFramesWritten())
                .as("every packet but the bad one")
                .isEqualTo(124);
        assertThat(recorder.audioFramesFilled()).as("its place filled").isEqualTo(1);
        List<Packet> sound = FfmpegTools.packets(file, "audio");
        assertContinuous(sound);
        assertThat(sound.getLast().endSeconds()).isCloseTo(2.5, within(0.005));
        assertThat(FfmpegTools.decodedSoundSeconds(file)).isCloseTo(2.5, within(0.05));
    }

    @Test
    void aStallCutShortForThePicturesIsCutAlikeForTheSound() throws Exception {
        List<AccessUnit> video = TestStreams.small();
        Path file = folder.resolve("stalled.mp4");
        Mp4Recorder recorder = Mp4Recorder.start(file, clock);
        int soundBeforeStall = FRAMES_BEFORE_STALL * 1000 / 30 / FRAME_MILLIS; // 1.5 s

        // Both streams stop for 20 s after 1.5 s and go on, their capture times 20 s later.
        List<Arrival> arrivals = stalledPictures(recorder, video);
        arrivals.addAll(sound(
                recorder,
                video,
                125,
                k -> k * FRAME_MILLIS + (k < soundBeforeStall ? 0 : STALL_MILLIS),
                k -> k < soundBeforeStall ? 0 : STALL_SAMPLES));
        feedInOrder(arrivals);
        recorder.stop();

        // The pictures' timeline puts the first picture after the stall one frame after the last.
        assertThat(Mp4Contents.read(file).pts())
                .containsExactlyElementsOf(LongStream.range(0, TestStreams.FRAMES)
                        .mapToObj(i -> i * 3000)
                        .toList());
        List<Packet> sound = FfmpegTools.packets(file, "audio");
        assertContinuous(sound);
        // In sync: the sound after the stall ends with the pictures, 2.5 s in, not 20 s later.
        assertThat(sound.getLast().endSeconds()).isCloseTo(2.5, within(0.005));
        assertThat(recorder.audioFramesWritten())
                .as("no sound lost at the seam, before the second picture confirmed the new timeline")
                .isEqualTo(125);
        assertThat(recorder.audioFramesFilled()).isZero();
    }

    @Test
    void soundThatWentOnWhileThePicturesStalledIsKeptAndThePicturesGoOnAfterIt() throws Exception {
        List<AccessUnit> video = TestStreams.small();
        Path file = folder.resolve("picture-stalled.mp4");
        Mp4Recorder recorder = Mp4Recorder.start(file, clock);
        // The pictures stop after 1.5 s, the sound 2 s later; both come back 20 s after 1.5 s.
        int soundUntilStall = 175; // 3.5 s
        int soundAfterStall = 50; // 1 s, as the 30 pictures after it
        long resumeMillis = 1500 + STALL_MILLIS;

        List<Arrival> arrivals = stalledPictures(recorder, video);
        arrivals.addAll(sound(
                recorder,
                video,
                soundUntilStall + soundAfterStall,
                k -> k < soundUntilStall ? k * FRAME_MILLIS : resumeMillis + (k - soundUntilStall) * FRAME_MILLIS,
                k -> k < soundUntilStall ? 0 : STALL_SAMPLES - (soundUntilStall - 75) * (long) OpusRtp.FRAME_SAMPLES));
        feedInOrder(arrivals);
        recorder.stop();

        List<Long> pictures = Mp4Contents.read(file).pts();
        // The first picture after the stall is where the timeline starts anew: after the sound.
        assertThat(pictures.get(FRAMES_BEFORE_STALL)).isEqualTo(3 * 90_000 + 45_000);
        List<Packet> sound = FfmpegTools.packets(file, "audio");
        assertContinuous(sound);
        // The sound from before the stall keeps its place, the sound after it starts with the pictures.
        assertThat(sound.get(soundUntilStall - 1).seconds()).isCloseTo(3.48, within(0.0005));
        assertThat(sound.get(soundUntilStall).seconds()).isCloseTo(3.5, within(1 / 30.0));
        // Both end together: the sound after the stall is as far from the pictures as before it.
        double picturesEnd = (pictures.getLast() + 3000) / 90_000.0;
        assertThat(sound.getLast().endSeconds()).isCloseTo(picturesEnd, within(0.005));
        assertThat(recorder.audioFramesWritten()).isGreaterThanOrEqualTo(soundUntilStall + soundAfterStall - 3);
    }

    @Test
    void aPacketStampedInsideTheOneBeforeDoesNotShortenIt() throws Exception {
        List<AccessUnit> video = TestStreams.small();
        Path file = folder.resolve("overlapping.mp4");
        Mp4Recorder recorder = Mp4Recorder.start(file, clock);
        int fiveMs = OpusRtp.FRAME_SAMPLES / 4;

        List<Arrival> arrivals = new ArrayList<>(pictures(recorder, video, i -> i * 1000L / 30));
        // The 41st stamped 5 ms early (moved after the one before), the 81st 15 ms early (left out).
        arrivals.addAll(
                sound(recorder, video, 125, k -> k * FRAME_MILLIS, k -> k == 40 ? -fiveMs : k == 80 ? -3 * fiveMs : 0));
        feedInOrder(arrivals);
        recorder.stop();

        assertThat(recorder.audioFramesWritten()).isEqualTo(124);
        assertThat(recorder.audioFramesFilled())
                .as("the place of the one left out")
                .isEqualTo(1);
        List<Packet> sound = FfmpegTools.packets(file, "audio");
        assertContinuous(sound);
        assertThat(sound)
                .as("no packet cut short by the one after it")
                .allSatisfy(packet -> assertThat(packet.durationSeconds()).isCloseTo(0.02, within(0.0005)));
        assertThat(sound.getLast().endSeconds()).isCloseTo(2.5, within(0.005));
    }

    @Test
    void theSoundAfterAnOutageOfMoreThanASecondIsRecordedFromItsFirstPacket() throws Exception {
        Path file = folder.resolve("sound-outage.mp4");
        Mp4Recorder recorder = recordWithASoundOutage(file, 125);

        assertThat(recorder.audioFramesWritten())
                .as("every packet that came, the first after the outage too")
                .isEqualTo(125 - 60);
        assertThat(recorder.audioFramesFilled()).as("the outage filled").isEqualTo(60);
        List<Packet> packets = FfmpegTools.packets(file, "audio");
        assertContinuous(packets);
        assertThat(packets.get(110).seconds())
                .as("the first after the outage, after the 60 filled")
                .isCloseTo(2.2, within(0.0005));
        assertThat(packets.getLast().endSeconds()).isCloseTo(2.5, within(0.005));
        assertThat(FfmpegTools.decodedSoundSeconds(file)).isCloseTo(2.5, within(0.05));
    }

    @Test
    void theSoundGoesOnWhenThePicturesStopAndThePicturesLineUpWithItWhenTheyComeBack() throws Exception {
        List<AccessUnit> video = TestStreams.small();
        Path file = folder.resolve("pictures-stopped.mp4");
        Mp4Recorder recorder = Mp4Recorder.start(file, clock);
        long gapMillis = 15_000; // the pictures stop after 1.5 s and come back 15 s later
        int packets = (int) ((2500 + gapMillis) / FRAME_MILLIS); // the sound all along: 17.5 s

        List<Arrival> arrivals = stalledPictures(recorder, video, gapMillis);
        arrivals.addAll(sound(recorder, video, packets, k -> k * FRAME_MILLIS, k -> 0));
        feedInOrder(arrivals);
        recorder.stop();

        assertThat(recorder.audioFramesWritten()).as("all the sound").isEqualTo(packets);
        List<Packet> sound = FfmpegTools.packets(file, "audio");
        assertContinuous(sound);
        assertThat(sound.getLast().endSeconds()).isCloseTo(17.5, within(0.005));
        List<Long> pictures = Mp4Contents.read(file).pts();
        assertThat(pictures.get(FRAMES_BEFORE_STALL))
                .as("the first picture back at its capture time, with its sound")
                .isEqualTo(FRAMES_BEFORE_STALL * 3000 + gapMillis * 90);
        assertThat((pictures.getLast() + 3000) / 90_000.0).isCloseTo(17.5, within(0.0005));
        assertThat(FfmpegTools.decodedSoundSeconds(file)).isCloseTo(17.5, within(0.05));
    }

    @Test
    void picturesBackAfterTheSoundWentOnAloneGoAfterThatSoundAndNoSoundIsLostAtTheSeam() throws Exception {
        List<AccessUnit> video = TestStreams.small();
        Path file = folder.resolve("sound-alone-then-outage.mp4");
        Mp4Recorder recorder = Mp4Recorder.start(file, clock);
        // The pictures stop after 1.5 s, the sound 12 s later; after 20 s without either, the
        // sound comes back (0.1 s before the pictures) and both go on for a second.
        int soundAlone = 675; // 13.5 s
        int soundAfter = 55; // 1.1 s
        long outageMillis = 19_900;
        List<Arrival> arrivals = stalledPictures(recorder, video, 12_000 + 20_000);
        arrivals.addAll(sound(
                recorder,
                video,
                soundAlone + soundAfter,
                k -> k * FRAME_MILLIS + (k < soundAlone ? 0 : outageMillis),
                k -> k < soundAlone ? 0 : outageMillis * OpusRtp.CLOCK_RATE / 1000));
        feedInOrder(arrivals);
        recorder.stop();

        List<Long> pictures = Mp4Contents.read(file).pts();
        assertThat(pictures.get(FRAMES_BEFORE_STALL))
                .as("the first picture back after the sound written, not under it")
                .isEqualTo(13 * 90_000 + 45_000);
        assertThat(recorder.audioFramesWritten())
                .as("all the sound, that captured before the second picture back too")
                .isEqualTo(soundAlone + soundAfter);
        List<Packet> sound = FfmpegTools.packets(file, "audio");
        assertContinuous(sound);
        double picturesEnd = (pictures.getLast() + 3000) / 90_000.0;
        assertThat(sound.getLast().endSeconds()).isCloseTo(picturesEnd, within(0.005));
        assertThat(picturesEnd).isCloseTo(14.6, within(0.0005));
    }

    @Test
    void thePacketBackAfterAnOutageIsRecordedWhenTheRecordingStopsRightAfterIt() throws Exception {
        Path file = folder.resolve("stopped-after-outage.mp4");
        Mp4Recorder recorder = recordWithASoundOutage(file, 111); // stopped after packet 110

        assertThat(recorder.audioFramesWritten()).as("the last one too").isEqualTo(51);
        assertThat(recorder.audioFramesFilled()).as("the outage filled").isEqualTo(60);
        List<Packet> packets = FfmpegTools.packets(file, "audio");
        assertContinuous(packets);
        assertThat(packets.getLast().seconds()).isCloseTo(2.2, within(0.0005));
    }

    @Test
    void aLongSoundOutageIsFilledAFewSecondsAtATimeAndTheFileHasAllOfIt() throws Exception {
        Path file = folder.resolve("long-outage.mp4");
        Mp4Recorder recorder = Mp4Recorder.start(file, clock);
        int before = 75;
        int lost = 2975;
        List<Arrival> arrivals = aMinuteWithoutSound(recorder);
        long mostFramesInOneCall = feedInOrderCountingSoundFrames(recorder, arrivals);
        recorder.stop();

        assertThat(mostFramesInOneCall)
                .as("sound frames written by one call (under the recorder's lock): 5 s of 20 ms at most")
                .isLessThanOrEqualTo(250);
        assertThat(recorder.audioFramesWritten()).isEqualTo(before + 20);
        assertThat(recorder.audioFramesFilled()).as("the outage filled").isEqualTo(lost);
        List<Packet> packets = FfmpegTools.packets(file, "audio");
        assertContinuous(packets);
        assertThat(packets.get(before + lost).seconds()).as("the first back").isCloseTo(61.0, within(0.0005));
        assertThat(packets.getLast().endSeconds()).isCloseTo(61.4, within(0.0005));
        assertThat(FfmpegTools.decodedSoundSeconds(file)).isCloseTo(61.4, within(0.05));
    }

    /**
     * Sound stamped off its pictures by the same amount all along (a camera whose sound clock is
     * set apart from its video clock): each packet arrives at the end of the 20 ms it holds, each
     * picture as it is captured. The file has the sound where it came with the pictures, as the
     * live view plays it: each mark's sound within ±45 ms (ITU-R BT.1359) of its picture.
     */
    @ParameterizedTest(name = "stamped {0} ms off")
    @ValueSource(longs = {-5130, -1270, -230, -70, 70, 230, 1270, 5130})
    void soundStampedOffItsPicturesAllAlongIsRecordedInStepWithThem(long skewMillis) throws Exception {
        List<AccessUnit> video = TestStreams.small();
        Path file = folder.resolve("skewed.mp4");
        Mp4Recorder recorder = Mp4Recorder.start(file, clock);

        List<Arrival> arrivals = new ArrayList<>(pictures(recorder, video, i -> i * 1000L / 30));
        arrivals.addAll(
                sound(recorder, video, 125, k -> (k + 1) * FRAME_MILLIS, k -> skewMillis * OpusRtp.CLOCK_RATE / 1000));
        feedInOrder(arrivals);
        recorder.stop();

        assertMarksInStep(file, 4);
        assertThat(FfmpegTools.packets(file, "audio").getLast().endSeconds())
                .as("the sound ends with the pictures")
                .isCloseTo(2.5, within(0.045));
    }

    /**
     * The sound starts 0.3 s after the first picture (its first packets lost): the track starts
     * with the pictures all the same, that time filled, so that the sound after it plays in step.
     */
    @Test
    void soundThatStartsAfterTheFirstPictureIsPlayedInStepWithIt() throws Exception {
        List<AccessUnit> video = TestStreams.small();
        Path file = folder.resolve("late-sound.mp4");
        Mp4Recorder recorder = Mp4Recorder.start(file, clock);

        List<Arrival> sound = sound(recorder, video, 125, k -> (k + 1) * FRAME_MILLIS, k -> 0);
        sound.subList(1, 1 + 15).clear(); // after the one before the first picture
        List<Arrival> arrivals = new ArrayList<>(pictures(recorder, video, i -> i * 1000L / 30));
        arrivals.addAll(sound);
        feedInOrder(arrivals);
        recorder.stop();

        assertThat(recorder.audioFramesWritten()).isEqualTo(125 - 15);
        assertMarksInStep(file, 4);
    }

    /**
     * The sound's clock jumps 30 s back after 1.2 s (its encoder restarted): the sound after the
     * jump is lined up with the pictures it comes with, not left out until its stamps catch up.
     */
    @Test
    void soundWhoseClockJumpsBackIsLinedUpWithThePicturesAgain() throws Exception {
        List<AccessUnit> video = TestStreams.small();
        Path file = folder.resolve("jumped-back.mp4");
        Mp4Recorder recorder = Mp4Recorder.start(file, clock);
        long thirtySeconds = 30L * OpusRtp.CLOCK_RATE;

        List<Arrival> arrivals = new ArrayList<>(pictures(recorder, video, i -> i * 1000L / 30));
        arrivals.addAll(sound(recorder, video, 125, k -> (k + 1) * FRAME_MILLIS, k -> k < 60 ? 0 : -thirtySeconds));
        feedInOrder(arrivals);
        recorder.stop();

        assertThat(recorder.audioFramesWritten())
                .as("all but the few packets it takes to see the jump")
                .isGreaterThanOrEqualTo(125 - 10);
        assertMarksInStep(file, 4);
        assertContinuous(FfmpegTools.packets(file, "audio"));
        assertThat(FfmpegTools.packets(file, "audio").getLast().endSeconds()).isCloseTo(2.5, within(0.045));
    }

    /**
     * Each burst of the marked sound that ffmpeg decodes from {@code file} (at least {@code
     * marks}) starts within ±45 ms of the picture captured at that mark (30 fps, a mark every
     * 15th picture), as ffprobe places it. A decoder lays the sound end to end from the start of
     * the track: the track must start with the pictures and have no gap for the sound to play
     * where it is placed.
     */
    private static void assertMarksInStep(Path file, int marks) throws Exception {
        List<Packet> sound = FfmpegTools.packets(file, "audio");
        assertThat(sound.getFirst().seconds()).as("the sound's start").isZero();
        assertContinuous(sound);
        List<Packet> pictures = FfmpegTools.packets(file, "video");
        List<Integer> onsets = MarkOnsets.in(FfmpegTools.decodedSound(file));
        assertThat(onsets).as("the marks heard").hasSizeGreaterThanOrEqualTo(marks);
        for (int onset : onsets) {
            double heard = onset / (double) OpusRtp.CLOCK_RATE;
            int mark = (int) Math.round(heard * 1000 / TimingMarks.MARK_PERIOD_MILLIS);
            int picture = Math.min(mark * 15, pictures.size() - 1);
            assertThat(heard - pictures.get(picture).seconds())
                    .as("the sound of mark %d (heard at %.3f s) against its picture", mark, heard)
                    .isCloseTo(0, within(0.045));
        }
    }

    /**
     * The pictures: 1.5 s at 30 fps, then one every 2 s for a minute (a camera gone slow). The
     * sound: 1.5 s, then none for 59.5 s (2,975 packets of 20 ms), then 0.4 s.
     */
    private static List<Arrival> aMinuteWithoutSound(Mp4Recorder recorder) {
        List<AccessUnit> video = TestStreams.small();
        long slowTicks = 2 * 90_000;
        List<AccessUnit> slowed = new ArrayList<>(video.subList(0, FRAMES_BEFORE_STALL));
        long lastFast = video.get(FRAMES_BEFORE_STALL - 1).timestamp();
        for (int i = FRAMES_BEFORE_STALL; i < video.size(); i++) {
            AccessUnit unit = video.get(i);
            long timestamp = (lastFast + (i - FRAMES_BEFORE_STALL + 1) * slowTicks) & 0xFFFF_FFFFL;
            slowed.add(new AccessUnit(timestamp, unit.keyframe(), unit.annexB()));
        }
        List<Arrival> arrivals = new ArrayList<>(pictures(
                recorder,
                slowed,
                i -> (slowed.get(i).timestamp() - slowed.getFirst().timestamp()) / 90));
        int before = 75;
        int lost = 2975;
        arrivals.addAll(sound(
                recorder,
                video,
                before + 20,
                k -> (k < before ? k : k + lost) * FRAME_MILLIS,
                k -> k < before ? 0 : lost * (long) OpusRtp.FRAME_SAMPLES));
        return arrivals;
    }

    /**
     * While the sound is out and the pictures go on, the file's sound goes on with them, silent:
     * at most a second behind the picture written (as far as sound may come late), rather than
     * stopped at the outage's start until the sound comes back and its fill catches up.
     */
    @Test
    void duringASoundOutageTheFilesSoundStaysWithinASecondOfThePictures() throws Exception {
        Path file = folder.resolve("outage-in-step.mp4");
        Mp4Recorder recorder = Mp4Recorder.start(file, clock);
        double mostBehind = 0;
        for (Arrival arrival : inOrder(aMinuteWithoutSound(recorder))) {
            feed(arrival);
            double soundWritten = (recorder.audioFramesWritten() + recorder.audioFramesFilled()) * 0.02;
            if (arrival.picture() && recorder.audioFramesWritten() > 0) {
                mostBehind = Math.max(mostBehind, arrival.millis() / 1000.0 - soundWritten);
            }
        }
        recorder.stop();

        assertThat(mostBehind)
                .as("how far the sound in the file was behind the picture just written, at most (s)")
                .isLessThanOrEqualTo(1.02);
        assertThat(recorder.audioFramesFilled()).as("the outage filled").isEqualTo(2975);
    }

    /**
     * Records {@link TestStreams#small()} to {@code file} with {@code count} packets of sound,
     * those from 50 to 109 lost (1.2 s without sound, the pictures going on), and stops.
     */
    private Mp4Recorder recordWithASoundOutage(Path file, int count) throws RecordingException {
        List<AccessUnit> video = TestStreams.small();
        Mp4Recorder recorder = Mp4Recorder.start(file, clock);
        List<Arrival> sound = sound(recorder, video, count, k -> k * FRAME_MILLIS, k -> 0);
        sound.subList(1 + 50, 1 + 110).clear(); // after the one before the first picture
        List<Arrival> arrivals = new ArrayList<>(pictures(recorder, video, i -> i * 1000L / 30));
        arrivals.addAll(sound);
        feedInOrder(arrivals);
        recorder.stop();
        return recorder;
    }

    /** {@code video}, 30 fps, stalled for 20 s after its 45th frame: the rest captured and sent 20 s later. */
    private static List<Arrival> stalledPictures(Mp4Recorder recorder, List<AccessUnit> video) {
        return stalledPictures(recorder, video, STALL_MILLIS);
    }

    /** {@code video}, 30 fps, stalled for {@code stallMillis} after its 45th frame. */
    private static List<Arrival> stalledPictures(Mp4Recorder recorder, List<AccessUnit> video, long stallMillis) {
        long stallTicks = stallMillis * 90;
        List<AccessUnit> stalled = new ArrayList<>(video.subList(0, FRAMES_BEFORE_STALL));
        video.subList(FRAMES_BEFORE_STALL, video.size())
                .forEach(unit -> stalled.add(new AccessUnit(
                        (unit.timestamp() + stallTicks) & 0xFFFF_FFFFL, unit.keyframe(), unit.annexB())));
        return pictures(recorder, stalled, i -> i * 1000L / 30 + (i < FRAMES_BEFORE_STALL ? 0 : stallMillis));
    }

    private static List<Arrival> pictures(
            Mp4Recorder recorder, List<AccessUnit> video, IntToLongFunction arrivalMillis) {
        List<Arrival> arrivals = new ArrayList<>();
        for (int i = 0; i < video.size(); i++) {
            AccessUnit unit = video.get(i);
            arrivals.add(new Arrival(arrivalMillis.applyAsLong(i), true, () -> recorder.accept(unit)));
        }
        return arrivals;
    }

    /**
     * {@code count} packets of 20 ms of marked sound, packet k captured {@code k × 20 ms} after the
     * first picture plus {@code shiftSamples(k)}; and one before the first picture, which gives the
     * file its audio track.
     */
    private static List<Arrival> sound(
            Mp4Recorder recorder,
            List<AccessUnit> video,
            int count,
            IntToLongFunction arrivalMillis,
            IntToLongFunction shiftSamples) {
        long firstSample = Mp4RecorderAudioTest.firstPictureSample(video);
        AudioStreamSender sender = new AudioStreamSender(0xA0D10, 1);
        short[] pcm = new short[OpusRtp.FRAME_SAMPLES];
        List<Arrival> arrivals = new ArrayList<>();
        try (OpusEncoder encoder = new OpusEncoder(false)) {
            for (int k = -1; k < count; k++) {
                long offset = (long) k * OpusRtp.FRAME_SAMPLES;
                TimingMarks.render(pcm, offset); // a burst at every 0.5 s of capture time from the first picture
                long stamp = OpusRtp.timestampOf(firstSample + offset + (k < 0 ? 0 : shiftSamples.applyAsLong(k)));
                RtpPacket packet = sender.packet(encoder.encodeEveryFrame(pcm), stamp);
                long arrival = k < 0 ? -FRAME_MILLIS : arrivalMillis.applyAsLong(k);
                arrivals.add(new Arrival(arrival, false, () -> recorder.acceptAudio(packet)));
            }
        }
        return arrivals;
    }

    /**
     * Feeds by arrival, the recorder's clock set to each one's time; a picture before sound that
     * comes at the same millisecond.
     */
    private void feedInOrder(List<Arrival> arrivals) {
        inOrder(arrivals).forEach(this::feed);
    }

    private void feed(Arrival arrival) {
        clock.advance(Duration.ofMillis(arrival.millis() - clockMillis));
        clockMillis = arrival.millis();
        arrival.feed().run();
    }

    private static List<Arrival> inOrder(List<Arrival> arrivals) {
        return arrivals.stream()
                .sorted(Comparator.comparingLong(Arrival::millis)
                        .thenComparing(Arrival::picture, Comparator.reverseOrder()))
                .toList();
    }

    /** As {@link #feedInOrder}; answers the most sound frames (packets and fill) one call wrote. */
    private long feedInOrderCountingSoundFrames(Mp4Recorder recorder, List<Arrival> arrivals) {
        long most = 0;
        for (Arrival arrival : inOrder(arrivals)) {
            long before = recorder.audioFramesWritten() + recorder.audioFramesFilled();
            feed(arrival);
            most = Math.max(most, recorder.audioFramesWritten() + recorder.audioFramesFilled() - before);
        }
        return most;
    }

    /**
     * Each packet starts where the one before it ends (the recorder fills the gaps; the MP4 has a
     * packet last until the next starts, so a step shorter than 10 ms, left unfilled, counts too).
     */
    private static void assertContinuous(List<Packet> packets) {
        for (int i = 1; i < packets.size(); i++) {
            assertThat(packets.get(i).seconds())
                    .as("packet %d of %d", i, packets.size())
                    .isCloseTo(packets.get(i - 1).endSeconds(), within(0.0005));
        }
    }
}
