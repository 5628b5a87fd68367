package io.p2pcam.viewer.engine.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.p2pcam.protocol.audio.OpusRtp;
import java.util.List;
import org.junit.jupiter.api.Test;

class SoundTimelineTest {
    private static final int FRAME = OpusRtp.FRAME_SAMPLES; // 20 ms
    private static final long SECOND = OpusRtp.CLOCK_RATE;
    /** What {@link #write} answers when nothing is written (the packet left out, or held). */
    private static final long LEFT_OUT = -1;
    /** Any Opus packet: the timeline places packets by their times alone. */
    private static final byte[] OPUS = {(byte) 0xF8, 1, 2};

    private final RecordingTimeline pictures = new RecordingTimeline();
    private final SoundTimeline sound = new SoundTimeline(pictures);

    @Test
    void theSoundKeepsItsCaptureTimesWhileThePicturesKeepTheirs() {
        pictures.next(900_000);
        assertThat(write(0)).isEqualTo(0);
        assertThat(write(FRAME)).isEqualTo(FRAME);
        pictures.next(903_000);
        assertThat(write(3 * FRAME)).as("after a lost packet").isEqualTo(3 * FRAME);
        assertThat(sound.leftOut()).isZero();
    }

    @Test
    void soundBeforeTheFirstPictureOrAfterALaterPacketIsLeftOut() {
        pictures.next(0);
        assertThat(write(-FRAME)).isEqualTo(LEFT_OUT);
        write(FRAME);
        assertThat(write(FRAME)).as("a duplicate").isEqualTo(LEFT_OUT);
        assertThat(write(0)).as("reordered").isEqualTo(LEFT_OUT);
        assertThat(sound.leftOut()).isEqualTo(3);
    }

    @Test
    void onePacketStampedHoursAheadIsLeftOutAndTheSoundAfterItKeepsItsTime() {
        pictures.next(0);
        write(0);
        assertThat(write(FRAME + 6 * 3600 * SECOND)).isEqualTo(LEFT_OUT);
        assertThat(write(2 * FRAME)).isEqualTo(2 * FRAME);
        assertThat(write(3 * FRAME)).isEqualTo(3 * FRAME);
    }

    @Test
    void soundThatStaysFarAheadOfThePicturesIsLeftOutEvenTwoInARow() {
        pictures.next(0);
        write(0);
        long farAhead = 11 * SECOND; // more than the 10 s the pictures' timeline keeps
        assertThat(write(farAhead)).isEqualTo(LEFT_OUT);
        assertThat(write(farAhead + FRAME)).isEqualTo(LEFT_OUT);
        assertThat(write(FRAME)).isEqualTo(FRAME);
    }

    @Test
    void soundStampedMoreThanTenSecondsAheadOfThePicturesAllAlongIsRecordedInStepWithThem() {
        long ahead = 20 * SECOND; // a camera whose sound clock is off: more than the 10 s kept
        int picture = 0;
        for (int k = 0; k < 150; k++) { // 3 s of sound, with the pictures captured alongside at 30 fps
            while (picture * 1600L <= (long) k * FRAME) { // a frame is 3000 ticks, 1600 samples
                pictures.next(picture * 3000L);
                picture++;
            }
            placed(ahead + (long) k * FRAME);
        }
        assertThat(sound.leftOut())
                .as("after a second held, the sound is taken as it comes")
                .isZero();
        long picturesEnd = (pictures.lastPts() + pictures.frameTicks()) * SECOND / 90_000;
        assertThat(sound.end()).as("ends with the pictures").isCloseTo(picturesEnd, within((long) FRAME));
    }

    @Test
    void picturesBackAfterTheSoundWentOnAloneGoAfterThatSoundWithTheSoundCapturedWithThem() {
        pictures.next(0);
        for (int k = 0; k < 600; k++) { // 12 s of sound, no picture after the first
            write((long) k * FRAME);
        }
        // Then neither for 20 s; both come back together.
        long back = 32 * SECOND;
        assertThat(placed(back)).as("a jump: held").isEmpty();
        assertThat(pictures.next(32 * 90_000))
                .as("the first picture back after the sound written, not under it")
                .isEqualTo(12 * 90_000);
        assertThat(placed(back + FRAME))
                .as("the sound captured with it goes with it")
                .containsExactly(12 * SECOND, 12 * SECOND + FRAME);
        assertThat(pictures.next(32 * 90_000 + 3000)).isEqualTo(12 * 90_000 + 3000);
        assertThat(write(back + 2 * FRAME)).isEqualTo(12 * SECOND + 2 * FRAME);
        assertThat(sound.leftOut()).isZero();
    }

    @Test
    void theSoundGoesOnOnItsOwnClockWhenThePicturesStopAndThePicturesLineUpWhenTheyComeBack() {
        pictures.next(0);
        for (int k = 0; k < 750; k++) { // 15 s of sound, no picture after the first
            assertThat(write((long) k * FRAME)).isEqualTo((long) k * FRAME);
        }
        assertThat(pictures.next(15 * 90_000)).as("where its sound is").isEqualTo(15 * 90_000);
        assertThat(pictures.repairs()).isZero();
        assertThat(sound.leftOut()).isZero();
    }

    @Test
    void soundOnItsOwnCutsAnOutageLongerThanTheLimitAsThePicturesWould() {
        pictures.next(0);
        for (int k = 0; k < 600; k++) { // 12 s of sound, no picture after the first
            write((long) k * FRAME);
        }
        long back = 32 * SECOND; // after 20 s without sound or pictures
        for (int k = 0; k < 50; k++) { // a second: held, in case the pictures come back with it
            assertThat(placed(back + (long) k * FRAME)).isEmpty();
        }
        assertThat(placed(back + 50 * FRAME))
                .as("no picture came: the sound goes on right after itself")
                .hasSize(51)
                .startsWith(12 * SECOND)
                .endsWith(13 * SECOND);
        assertThat(pictures.next((32 + 1) * 90_000))
                .as("the pictures then line up with it")
                .isEqualTo(13 * 90_000);
        assertThat(sound.leftOut()).isZero();
    }

    @Test
    void soundOnItsOwnStillLeavesOutTwoPacketsStampedHoursAhead() {
        pictures.next(0);
        for (int k = 0; k < 600; k++) {
            write((long) k * FRAME);
        }
        long hours = 6 * 3600 * SECOND;
        assertThat(placed(hours + 600 * FRAME)).isEmpty();
        assertThat(placed(hours + 601 * FRAME)).isEmpty();
        assertThat(write(602 * FRAME)).isEqualTo(602 * FRAME);
        assertThat(sound.leftOut()).isEqualTo(2);
    }

    @Test
    void aLoneJumpOfSecondsIsLeftOutButTheSoundBackAfterAnOutageIsWrittenFromItsFirstPacket() {
        pictures.next(0);
        write(0);
        assertThat(placed(5 * SECOND)).as("a jump: held").isEmpty();
        assertThat(placed(FRAME))
                .as("the next keeps its time, the jump was a bad stamp")
                .containsExactly((long) FRAME);
        assertThat(sound.leftOut()).isEqualTo(1);

        pictures.next(3 * 90_000);
        assertThat(placed(3 * SECOND)).as("the first after an outage: held").isEmpty();
        assertThat(placed(3 * SECOND + FRAME))
                .as("the next follows on: both written")
                .containsExactly(3 * SECOND, 3 * SECOND + FRAME);
        assertThat(write(3 * SECOND + 2 * FRAME)).isEqualTo(3 * SECOND + 2 * FRAME);
        assertThat(sound.leftOut()).isEqualTo(1);
    }

    @Test
    void atTheStopTheSoundHeldIsWrittenAmongThePicturesAndLeftOutFurther() {
        pictures.next(0);
        write(0);
        for (int k = 1; k <= 90; k++) { // 3 s of pictures, the sound lost after its first packet
            pictures.next(k * 3000L);
        }
        assertThat(placed(2 * SECOND)).as("back after 2 s: held until the next").isEmpty();
        assertThat(sound.finish()).as("the stop: among the pictures").hasSize(1);

        pictures.next(91 * 3000L);
        assertThat(placed(8 * SECOND)).as("5 s past the pictures: held").isEmpty();
        assertThat(sound.finish())
                .as("a bad stamp, or sound back alone: nothing confirms it")
                .isEmpty();
        assertThat(sound.leftOut()).isEqualTo(1);
    }

    @Test
    void aStallThePicturesCutShortIsCutAlikeForTheSound() {
        long stallTicks = 20 * 90_000;
        pictures.next(0);
        pictures.next(3000);
        write(0);
        write(FRAME);
        // Both stop for 20 s; the pictures' first frame after it is placed one frame later.
        pictures.next(6000 + stallTicks);
        assertThat(write(20 * SECOND + 2 * FRAME))
                .as("the sound at the seam, before the second frame confirms the pictures' new stretch")
                .isEqualTo(2 * FRAME);
        assertThat(pictures.captureToFileTicks()).isEqualTo(-stallTicks);
        assertThat(pictures.next(9000 + stallTicks))
                .as("the pictures go on in it")
                .isEqualTo(9000);
        assertThat(write(20 * SECOND + 3 * FRAME)).isEqualTo(3 * FRAME);
        assertThat(sound.leftOut()).isZero();
    }

    @Test
    void soundBackBeforeThePicturesAfterAStallIsHeldAndGoesInTheirNewStretch() {
        long stallTicks = 20 * 90_000;
        pictures.next(0);
        pictures.next(3000);
        write(0);
        write(FRAME);
        // Both stop for 20 s; the sound comes back two packets before the pictures.
        assertThat(placed(20 * SECOND + 2 * FRAME)).as("20 s ahead: held").isEmpty();
        assertThat(placed(20 * SECOND + 3 * FRAME))
                .as("nothing confirms it yet")
                .isEmpty();
        pictures.next(6000 + stallTicks);
        assertThat(placed(20 * SECOND + 4 * FRAME))
                .as("in the stretch the first picture after the stall starts")
                .containsExactly(2L * FRAME, 3L * FRAME, 4L * FRAME);
        assertThat(pictures.next(9000 + stallTicks)).isEqualTo(9000);
        assertThat(sound.leftOut()).isZero();
    }

    @Test
    void theSoundWrittenWhileThePicturesStalledKeepsItsPlaceAndThePicturesGoOnAfterIt() {
        long stallTicks = 20 * 90_000;
        pictures.next(0);
        for (int k = 0; k < 100; k++) { // 2 s of sound, no pictures after the first
            write((long) k * FRAME);
        }
        assertThat(pictures.next(stallTicks)).as("after the sound").isEqualTo(2 * 90_000);
        assertThat(pictures.next(stallTicks + 3000)).isEqualTo(2 * 90_000 + 3000);
        // The sound captured with that picture goes with it.
        assertThat(write(20 * SECOND + 1600)).isEqualTo(2 * SECOND + 1600); // 3000 ticks
    }

    @Test
    void aPacketThatStartsInsideThePreviousOneNeverShortensIt() {
        pictures.next(0);
        write(0);
        write(FRAME);
        int fiveMs = FRAME / 4;
        assertThat(write(2 * FRAME - fiveMs))
                .as("stamped 5 ms early: moved to the end of the one before, kept whole")
                .isEqualTo(2 * FRAME);
        assertThat(write(3 * FRAME)).as("the next in its place again").isEqualTo(3 * FRAME);
        assertThat(write(3 * FRAME + FRAME / 4))
                .as("starting 15 ms inside the one before (re-sent, framed anew): left out")
                .isEqualTo(LEFT_OUT);
        assertThat(sound.end()).as("what was written keeps its length").isEqualTo(4 * FRAME);
        assertThat(sound.moved()).isEqualTo(1);
        assertThat(sound.leftOut()).isEqualTo(1);
    }

    /** Where the packet captured at {@code captureSample}, and one held before it, are written. */
    private List<Long> placed(long captureSample) {
        return sound.place(captureSample, OPUS, FRAME).stream()
                .map(SoundTimeline.Placed::pts)
                .toList();
    }

    @Test
    void silenceWhileNoSoundComesGoesInWholePacketsAndWhatComesInsideItIsLeftOut() {
        pictures.next(0);
        assertThat(sound.silenceUntil(10 * FRAME)).as("no sound written yet").isEmpty();
        write(0);

        assertThat(sound.silenceUntil(10 * FRAME + FRAME / 2))
                .singleElement()
                .isEqualTo(new SoundTimeline.Placed(null, 10 * FRAME, 0, FRAME));
        assertThat(sound.silenceUntil(5 * FRAME)).as("already silent there").isEmpty();
        assertThat(write(5 * FRAME)).as("inside the silence").isEqualTo(LEFT_OUT);
        assertThat(sound.late()).as("counted as too late").isEqualTo(1);
        assertThat(sound.leftOut()).isZero();
        assertThat(write(10 * FRAME)).isEqualTo(10 * FRAME);
    }

    /** Where the packet captured at {@code captureSample} is written, or {@link #LEFT_OUT}. */
    private long write(long captureSample) {
        List<Long> written = placed(captureSample);
        return written.isEmpty() ? LEFT_OUT : written.getLast();
    }
}
