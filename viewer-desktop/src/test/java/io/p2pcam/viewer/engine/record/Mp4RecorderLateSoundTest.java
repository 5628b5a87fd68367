package io.p2pcam.viewer.engine.record;

import static io.p2pcam.viewer.engine.record.RecorderFeeder.FRAME_MILLIS;
import static io.p2pcam.viewer.engine.record.RecorderFeeder.assertMarksInStep;
import static io.p2pcam.viewer.engine.record.RecorderFeeder.pictures;
import static io.p2pcam.viewer.engine.record.RecorderFeeder.sound;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
 * Sound that comes late to the recorder, its stamps right (decision 0065): after a stall of its
 * path, or all along by a slower path. The file has it at its capture time, in step with its
 * pictures, as ffprobe and ffmpeg read it; what comes too late to go in is counted, not lost
 * silently.
 */
@Tag("interop")
class Mp4RecorderLateSoundTest {
    @TempDir
    Path folder;

    private final RecorderFeeder feeder = new RecorderFeeder();

    /**
     * The sound's path stalls for 3 s while the pictures go on (a network stall of the sound, or
     * its queue): the 3 s of sound then come at once. They go in the file at their time, every
     * mark in step with its picture.
     */
    @Test
    void soundLateByAThreeSecondStallGoesInTheFileAtItsTime() throws Exception {
        Path file = folder.resolve("stalled-sound.mp4");
        Mp4Recorder recorder = recordWithTheSoundStalled(file, 4, 500, 250); // 10 s

        assertThat(recorder.audioFramesWritten()).as("every packet").isEqualTo(500);
        assertThat(recorder.audioPacketsTooLate()).isZero();
        assertMarksInStep(file, 19);
        assertThat(FfmpegTools.packets(file, "audio").getLast().endSeconds()).isCloseTo(10.0, within(0.045));
    }

    /**
     * A stall of 7 s: the sound that comes more than 5 s after its pictures falls where the file's
     * sound was made silent already, and is left out and counted (and logged); the rest goes in
     * at its time, in step.
     */
    @Test
    void soundLaterThanFiveSecondsIsCountedAsTooLateAndTheRestStaysInStep() throws Exception {
        Path file = folder.resolve("too-late.mp4");
        Mp4Recorder recorder = recordWithTheSoundStalled(file, 6, 750, 450); // 15 s

        assertThat(recorder.audioPacketsTooLate())
                .as("captured from 2 s to about 4 s, arriving at 9 s: more than 5 s late")
                .isBetween(95L, 110L);
        assertThat(recorder.audioFramesWritten() + recorder.audioPacketsTooLate())
                .as("no packet lost otherwise")
                .isEqualTo(750);
        assertMarksInStep(file, 25);
    }

    /**
     * The sound's path is slower than the pictures' by a steady 50 to 200 ms (a camera that
     * buffers its sound, a path that queues it), its stamps right, for two minutes: the file's
     * sound stays within ±45 ms of its pictures throughout (every mark, from the file).
     */
    @ParameterizedTest(name = "sound {0} ms slower")
    @ValueSource(longs = {50, 120, 200})
    void soundOnASteadilySlowerPathStaysInStepForMinutes(long lagMillis) throws Exception {
        List<AccessUnit> video = looped(48); // 120 s
        Path file = folder.resolve("slower-sound.mp4");
        Mp4Recorder recorder = Mp4Recorder.start(file, feeder.clock());

        List<Arrival> arrivals = new ArrayList<>(pictures(recorder, video, i -> i * 1000L / 30));
        arrivals.addAll(sound(recorder, video, 6000, k -> (k + 1) * FRAME_MILLIS + lagMillis, k -> 0));
        feeder.feedInOrder(arrivals);
        recorder.stop();

        assertThat(recorder.audioFramesWritten()).isEqualTo(6000);
        assertMarksInStep(file, 239);
    }

    /**
     * Records {@code loops} × 2.5 s of pictures, arriving as captured, and {@code packets} packets
     * of sound, each arriving once captured except those from 100 (2 s) on, which wait on their
     * path until packet {@code stallEnd} is captured and then come at once; stops.
     */
    private Mp4Recorder recordWithTheSoundStalled(Path file, int loops, int packets, int stallEnd)
            throws RecordingException {
        List<AccessUnit> video = looped(loops);
        Mp4Recorder recorder = Mp4Recorder.start(file, feeder.clock());
        List<Arrival> arrivals = new ArrayList<>(pictures(recorder, video, i -> i * 1000L / 30));
        arrivals.addAll(sound(
                recorder, video, packets, k -> (k >= 100 && k < stallEnd ? stallEnd : k + 1) * FRAME_MILLIS, k -> 0));
        feeder.feedInOrder(arrivals);
        recorder.stop();
        return recorder;
    }

    /** {@link TestStreams#small()} {@code times} over, its timestamps going on: 2.5 s each. */
    private static List<AccessUnit> looped(int times) {
        List<AccessUnit> clip = TestStreams.small();
        long clipTicks = clip.size() * 3000L;
        List<AccessUnit> video = new ArrayList<>();
        for (int loop = 0; loop < times; loop++) {
            for (AccessUnit unit : clip) {
                video.add(new AccessUnit(
                        (unit.timestamp() + loop * clipTicks) & 0xFFFF_FFFFL, unit.keyframe(), unit.annexB()));
            }
        }
        return video;
    }
}
