package io.p2pcam.viewer.engine.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.audio.OpusRtp;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pictures' and the sound's timelines of a recording fed together with what a camera (or a
 * hostile one) may send: steady streams broken by stalls, clock jumps either way, wraps, repeats,
 * packets of 10 to 60 ms and stamps hours off. Whatever comes, nothing throws (the recorder calls
 * these on the network thread's tap), pictures stay strictly in order, and the sound written never
 * overlaps itself: each packet starts where the sound before it ended or later, with the gap it
 * names to fill.
 */
class RecordingTimelinesRandomTest {
    private static final int STEPS = 200_000;
    private static final int[] PACKET_SAMPLES = {480, 960, 1920, 2880};

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 0x5eed})
    void anyMixOfPicturesAndSoundKeepsBothInOrderAndTheSoundWithoutOverlap(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        RecordingTimeline pictures = new RecordingTimeline();
        SoundTimeline sound = new SoundTimeline(pictures);
        long rtp = random.nextLong(1L << 32);
        long capture = 0;
        long lastPicturePts = -1;
        long soundEnd = -1;
        boolean anyPicture = false;
        for (int i = 0; i < STEPS; i++) {
            if (random.nextInt(3) == 0) {
                rtp = (rtp + pictureStep(random)) & 0xffff_ffffL;
                long pts = pictures.next(rtp);
                assertThat(pts).as("picture %d", i).isGreaterThan(lastPicturePts);
                lastPicturePts = pts;
                anyPicture = true;
            } else if (anyPicture) {
                capture += soundStep(random);
                int samples = PACKET_SAMPLES[random.nextInt(PACKET_SAMPLES.length)];
                for (SoundTimeline.Placed placed : sound.place(capture, new byte[] {(byte) 0xF8}, samples)) {
                    assertThat(placed.pts()).as("sound at step %d", i).isNotNegative();
                    if (soundEnd >= 0) {
                        assertThat(placed.gapFrom())
                                .as("its gap starts where the sound ended")
                                .isEqualTo(soundEnd);
                        assertThat(placed.pts()).as("no overlap").isGreaterThanOrEqualTo(soundEnd);
                    }
                    soundEnd = placed.pts() + placed.samples();
                }
                if (soundEnd >= 0) {
                    assertThat(sound.end())
                            .as("where the timeline says the sound ends")
                            .isEqualTo(soundEnd);
                }
            }
        }
        for (SoundTimeline.Placed placed : sound.finish()) {
            assertThat(placed.pts()).as("sound held at the stop").isGreaterThanOrEqualTo(Math.max(soundEnd, 0));
            soundEnd = placed.pts() + placed.samples();
        }
        assertThat(lastPicturePts).isPositive();
        assertThat(soundEnd).as("some sound was written").isPositive();
    }

    /** A 90 kHz step: mostly a frame at 30 or 25 fps, sometimes a stall, a jump, a repeat or a step back. */
    private static long pictureStep(SplittableRandom random) {
        return switch (random.nextInt(40)) {
            case 0 -> 0; // a repeated timestamp
            case 1 -> -random.nextLong(90_000); // back
            case 2 -> random.nextLong(30 * 90_000L); // a stall of up to 30 s
            case 3 -> random.nextLong(1L << 32); // anywhere: a new random base
            default -> random.nextBoolean() ? 3000 : 3600;
        };
    }

    /** A 48 kHz step: mostly a 20 ms frame, sometimes loss, a stall, a jump either way, hours ahead. */
    private static long soundStep(SplittableRandom random) {
        return switch (random.nextInt(50)) {
            case 0 -> 0; // a duplicate
            case 1 -> -random.nextLong(2 * OpusRtp.CLOCK_RATE); // back
            case 2 -> random.nextLong(30L * OpusRtp.CLOCK_RATE); // an outage of up to 30 s
            case 3 -> 6 * 3600L * OpusRtp.CLOCK_RATE; // hours ahead
            case 4 -> 480; // a few ms early for the next
            default -> OpusRtp.FRAME_SAMPLES * (1 + random.nextInt(random.nextInt(20) == 0 ? 5 : 1));
        };
    }
}
