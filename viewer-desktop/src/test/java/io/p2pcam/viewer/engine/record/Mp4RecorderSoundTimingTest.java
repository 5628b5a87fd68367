package io.p2pcam.viewer.engine.record;

import static io.p2pcam.viewer.engine.record.RecorderFeeder.FRAME_MILLIS;
import static io.p2pcam.viewer.engine.record.RecorderFeeder.assertContinuous;
import static io.p2pcam.viewer.engine.record.RecorderFeeder.inOrder;
import static io.p2pcam.viewer.engine.record.RecorderFeeder.pictures;
import static io.p2pcam.viewer.engine.record.RecorderFeeder.sound;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.p2pcam.protocol.audio.OpusRtp;
import io.p2pcam.protocol.media.DepacketizerEvent.AccessUnit;
import io.p2pcam.viewer.engine.decode.TestStreams;
import io.p2pcam.viewer.engine.record.FfmpegTools.Packet;
import io.p2pcam.viewer.engine.record.RecorderFeeder.Arrival;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sound of a recording goes through the pictures' timeline: a packet stamped far off costs that
 * packet only, and a stall the pictures' timeline cuts short is cut alike for the sound, so that
 * sound and pictures stay in sync for the rest of the file, as ffprobe reads it.
 */
@Tag("interop")
class Mp4RecorderSoundTimingTest {
    /** The frame of {@link TestStreams#small()} (30 fps) after which the camera stalls. */
    private static final int FRAMES_BEFORE_STALL = 45;
    /** How long the camera's stream stalls: longer than the longest gap a recording keeps. */
    private static final long STALL_MILLIS = 20_000;

    private static final long STALL_SAMPLES = STALL_MILLIS * OpusRtp.CLOCK_RATE / 1000;

    @TempDir
    Path folder;

    private final RecorderFeeder feeder = new RecorderFeeder();

    @Test
    void oneSoundPacketStampedHoursAheadIsLeftOutAndTheSoundAfterItIsKept() throws Exception {
        List<AccessUnit> video = TestStreams.small(); // 2.5 s at 30 fps
        long sixHours = 6L * 3600 * OpusRtp.CLOCK_RATE; // within the 32-bit unwrap's reach
        Path file = folder.resolve("stamped-ahead.mp4");
        Mp4Recorder recorder = Mp4Recorder.start(file, feeder.clock());

        List<Arrival> arrivals = new ArrayList<>(pictures(recorder, video, i -> i * 1000L / 30));
        // 125 frames of 20 ms with the pictures; the 41st stamped six hours ahead.
        arrivals.addAll(sound(recorder, video, 125, k -> k * FRAME_MILLIS, k -> k == 40 ? sixHours : 0));
        feeder.feedInOrder(arrivals);
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
        Mp4Recorder recorder = Mp4Recorder.start(file, feeder.clock());
        int soundBeforeStall = FRAMES_BEFORE_STALL * 1000 / 30 / FRAME_MILLIS; // 1.5 s

        // Both streams stop for 20 s after 1.5 s and go on, their capture times 20 s later.
        List<Arrival> arrivals = stalledPictures(recorder, video);
        arrivals.addAll(sound(
                recorder,
                video,
                125,
                k -> k * FRAME_MILLIS + (k < soundBeforeStall ? 0 : STALL_MILLIS),
                k -> k < soundBeforeStall ? 0 : STALL_SAMPLES));
        feeder.feedInOrder(arrivals);
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
        Mp4Recorder recorder = Mp4Recorder.start(file, feeder.clock());
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
        feeder.feedInOrder(arrivals);
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
        Mp4Recorder recorder = Mp4Recorder.start(file, feeder.clock());
        int fiveMs = OpusRtp.FRAME_SAMPLES / 4;

        List<Arrival> arrivals = new ArrayList<>(pictures(recorder, video, i -> i * 1000L / 30));
        // The 41st stamped 5 ms early (moved after the one before), the 81st 15 ms early (left out).
        arrivals.addAll(
                sound(recorder, video, 125, k -> k * FRAME_MILLIS, k -> k == 40 ? -fiveMs : k == 80 ? -3 * fiveMs : 0));
        feeder.feedInOrder(arrivals);
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
        Mp4Recorder recorder = Mp4Recorder.start(file, feeder.clock());
        long gapMillis = 15_000; // the pictures stop after 1.5 s and come back 15 s later
        int packets = (int) ((2500 + gapMillis) / FRAME_MILLIS); // the sound all along: 17.5 s

        List<Arrival> arrivals = stalledPictures(recorder, video, gapMillis);
        arrivals.addAll(sound(recorder, video, packets, k -> k * FRAME_MILLIS, k -> 0));
        feeder.feedInOrder(arrivals);
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
        Mp4Recorder recorder = Mp4Recorder.start(file, feeder.clock());
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
        feeder.feedInOrder(arrivals);
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
        Mp4Recorder recorder = Mp4Recorder.start(file, feeder.clock());
        int before = 75;
        int lost = 2975;
        List<Arrival> arrivals = aMinuteWithoutSound(recorder);
        long mostFramesInOneCall = feeder.feedInOrderCountingSoundFrames(recorder, arrivals);
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
     * at most 5 s behind the picture written (as far as sound may come late and still go in at its
     * time, decision 0065), rather than stopped at the outage's start until the sound comes back
     * and its fill catches up.
     */
    @Test
    void duringASoundOutageTheFilesSoundStaysWithinFiveSecondsOfThePictures() throws Exception {
        Path file = folder.resolve("outage-in-step.mp4");
        Mp4Recorder recorder = Mp4Recorder.start(file, feeder.clock());
        double mostBehind = 0;
        for (Arrival arrival : inOrder(aMinuteWithoutSound(recorder))) {
            feeder.feed(arrival);
            double soundWritten = (recorder.audioFramesWritten() + recorder.audioFramesFilled()) * 0.02;
            if (arrival.picture() && recorder.audioFramesWritten() > 0) {
                mostBehind = Math.max(mostBehind, arrival.millis() / 1000.0 - soundWritten);
            }
        }
        recorder.stop();

        assertThat(mostBehind)
                .as("how far the sound in the file was behind the picture just written, at most (s)")
                .isLessThanOrEqualTo(5.02);
        assertThat(recorder.audioFramesFilled()).as("the outage filled").isEqualTo(2975);
    }

    /**
     * Records {@link TestStreams#small()} to {@code file} with {@code count} packets of sound,
     * those from 50 to 109 lost (1.2 s without sound, the pictures going on), and stops.
     */
    private Mp4Recorder recordWithASoundOutage(Path file, int count) throws RecordingException {
        List<AccessUnit> video = TestStreams.small();
        Mp4Recorder recorder = Mp4Recorder.start(file, feeder.clock());
        List<Arrival> sound = sound(recorder, video, count, k -> k * FRAME_MILLIS, k -> 0);
        sound.subList(1 + 50, 1 + 110).clear(); // after the one before the first picture
        List<Arrival> arrivals = new ArrayList<>(pictures(recorder, video, i -> i * 1000L / 30));
        arrivals.addAll(sound);
        feeder.feedInOrder(arrivals);
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
}
