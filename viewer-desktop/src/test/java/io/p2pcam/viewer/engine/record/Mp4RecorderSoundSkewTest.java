package io.p2pcam.viewer.engine.record;

import static io.p2pcam.viewer.engine.record.RecorderFeeder.FRAME_MILLIS;
import static io.p2pcam.viewer.engine.record.RecorderFeeder.assertContinuous;
import static io.p2pcam.viewer.engine.record.RecorderFeeder.assertMarksInStep;
import static io.p2pcam.viewer.engine.record.RecorderFeeder.pictures;
import static io.p2pcam.viewer.engine.record.RecorderFeeder.sound;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.p2pcam.protocol.audio.OpusRtp;
import io.p2pcam.protocol.media.DepacketizerEvent.AccessUnit;
import io.p2pcam.viewer.engine.decode.TestStreams;
import io.p2pcam.viewer.engine.record.RecorderFeeder.Arrival;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A camera whose sound clock is not its pictures' (set apart, starting late, jumping back): the
 * recording has the sound where it came with the pictures, as the live view plays it (decision
 * 0053), as ffprobe and ffmpeg read the file.
 */
@Tag("interop")
class Mp4RecorderSoundSkewTest {
    @TempDir
    Path folder;

    private final RecorderFeeder feeder = new RecorderFeeder();

    /**
     * Sound stamped off its pictures by the same amount all along (a camera whose sound clock is
     * set apart from its video clock): each packet arrives at the end of the 20 ms it holds, each
     * picture as it is captured. The file has the sound where it came with the pictures, as the
     * live view plays it: each mark's sound within ±45 ms (ITU-R BT.1359) of its picture. Sound
     * stamped up to 300 ms early arrives as sound on a slower path does, and is kept at its stamps
     * (decision 0065, {@code Mp4RecorderLateSoundTest}): 70 and 230 ms early are no longer here;
     * nor 70 ms late, which arrives as pictures on a slower path do (decision 0073, {@code
     * SoundClockSkewTest.soundStampedUpTo125MillisecondsLateIsRecordedAsStamped}).
     */
    @ParameterizedTest(name = "stamped {0} ms off")
    @ValueSource(longs = {-5130, -1270, -400, 200, 230, 1270, 5130})
    void soundStampedOffItsPicturesAllAlongIsRecordedInStepWithThem(long skewMillis) throws Exception {
        List<AccessUnit> video = TestStreams.small();
        Path file = folder.resolve("skewed.mp4");
        Mp4Recorder recorder = Mp4Recorder.start(file, feeder.clock());

        List<Arrival> arrivals = new ArrayList<>(pictures(recorder, video, i -> i * 1000L / 30));
        arrivals.addAll(
                sound(recorder, video, 125, k -> (k + 1) * FRAME_MILLIS, k -> skewMillis * OpusRtp.CLOCK_RATE / 1000));
        feeder.feedInOrder(arrivals);
        recorder.stop();

        assertMarksInStep(file, 4);
        assertThat(FfmpegTools.packets(file, "audio").getLast().endSeconds())
                .as("the sound ends with the pictures")
                .isCloseTo(2.5, within(0.045));
    }

    /**
     * Pictures on a path slower than the sound's by a steady 60 or 120 ms (an encoder's latency, a
     * keyframe paced out), both stamped right: the sound arrives sooner than its pictures, and is
     * kept at its stamps, in step with them, rather than moved that much early (decision 0073). The
     * 3 or 6 packets that arrive before the first picture, captured after it, are kept too.
     */
    @ParameterizedTest(name = "pictures {0} ms slower")
    @ValueSource(longs = {60, 120})
    void picturesOnASlowerPathThanTheSoundKeepTheSoundInStep(long lagMillis) throws Exception {
        List<AccessUnit> video = TestStreams.small();
        Path file = folder.resolve("slower-pictures.mp4");
        Mp4Recorder recorder = Mp4Recorder.start(file, feeder.clock());

        List<Arrival> arrivals = new ArrayList<>(pictures(recorder, video, i -> i * 1000L / 30 + lagMillis));
        arrivals.addAll(sound(recorder, video, 125, k -> (k + 1) * FRAME_MILLIS, k -> 0));
        feeder.feedInOrder(arrivals);
        recorder.stop();

        assertMarksInStep(file, 4);
        assertThat(recorder.audioFramesWritten())
                .as("every packet, those that came before the first picture too (captured after it)")
                .isEqualTo(125);
    }

    /**
     * The sound starts 0.3 s after the first picture (its first packets lost): the track starts
     * with the pictures all the same, that time filled, so that the sound after it plays in step.
     */
    @Test
    void soundThatStartsAfterTheFirstPictureIsPlayedInStepWithIt() throws Exception {
        List<AccessUnit> video = TestStreams.small();
        Path file = folder.resolve("late-sound.mp4");
        Mp4Recorder recorder = Mp4Recorder.start(file, feeder.clock());

        List<Arrival> sound = sound(recorder, video, 125, k -> (k + 1) * FRAME_MILLIS, k -> 0);
        sound.subList(1, 1 + 15).clear(); // after the one before the first picture
        List<Arrival> arrivals = new ArrayList<>(pictures(recorder, video, i -> i * 1000L / 30));
        arrivals.addAll(sound);
        feeder.feedInOrder(arrivals);
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
        Mp4Recorder recorder = Mp4Recorder.start(file, feeder.clock());
        long thirtySeconds = 30L * OpusRtp.CLOCK_RATE;

        List<Arrival> arrivals = new ArrayList<>(pictures(recorder, video, i -> i * 1000L / 30));
        arrivals.addAll(sound(recorder, video, 125, k -> (k + 1) * FRAME_MILLIS, k -> k < 60 ? 0 : -thirtySeconds));
        feeder.feedInOrder(arrivals);
        recorder.stop();

        assertThat(recorder.audioFramesWritten())
                .as("all but the few packets it takes to see the jump")
                .isGreaterThanOrEqualTo(125 - 10);
        assertMarksInStep(file, 4);
        assertContinuous(FfmpegTools.packets(file, "audio"));
        assertThat(FfmpegTools.packets(file, "audio").getLast().endSeconds()).isCloseTo(2.5, within(0.045));
    }
}
