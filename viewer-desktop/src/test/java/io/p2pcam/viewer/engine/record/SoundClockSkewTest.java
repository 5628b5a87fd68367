package io.p2pcam.viewer.engine.record;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SoundClockSkewTest {
    private static final long MS = 1000;
    /** A picture every 33 ms, arriving 12 ms after its capture (encoded and sent). */
    private static final long PICTURE_DELAY = 12 * MS;
    /** A sound packet every 20 ms, arriving 3 ms after its last sample. */
    private static final long SOUND_DELAY = 3 * MS;

    private final SoundClockSkew skew = new SoundClockSkew();
    private long pictureCapture;
    private long soundEnd;

    @Test
    void soundStampedOnThePicturesClockIsKeptAsStamped() {
        arrive(100, 0);

        assertThat(skew.settled()).isTrue();
        assertThat(skew.correctionMicros()).isZero();
        assertThat(skew.corrections()).isZero();
    }

    @Test
    void theFirstSoundWaitsForAWindowOfEachStream() {
        for (int i = 0; i < SoundClockSkew.WINDOW - 1; i++) {
            picture();
            sound(0);
        }
        assertThat(skew.settled()).isFalse();
        picture();
        sound(0);
        assertThat(skew.settled()).isTrue();
    }

    @Test
    void soundStampedSecondsAheadAllAlongIsCorrectedToWhenItArrives() {
        arrive(100, 5_130 * MS);

        assertThat(skew.correctionMicros()).isEqualTo(-5_130 * MS + SOUND_DELAY - PICTURE_DELAY);
        assertThat(skew.corrections()).as("found once, then kept").isEqualTo(1);
    }

    @Test
    void soundStampedLessThanTheToleranceOffIsKeptAsStamped() {
        arrive(100, -20 * MS);

        assertThat(skew.correctionMicros()).isZero();
    }

    @Test
    void aFewPacketsStampedHoursAheadMoveNothing() {
        arrive(30, 0);
        for (int i = 0; i < SoundClockSkew.WINDOW / 2; i++) {
            sound(6 * 3600_000 * MS);
        }
        arrive(30, 0);

        assertThat(skew.correctionMicros()).isZero();
        assertThat(skew.corrections()).isZero();
    }

    @Test
    void aSoundClockThatJumpsBackIsFollowedWithinHalfAWindow() {
        arrive(30, 0);
        long back = -30_000 * MS;
        for (int i = 0; i <= SoundClockSkew.WINDOW / 2; i++) {
            sound(back);
        }

        assertThat(skew.correctionMicros()).isEqualTo(-back + SOUND_DELAY - PICTURE_DELAY);
    }

    /**
     * Sound on a path slower than the pictures' by a steady 50–300 ms, stamped right, looks like
     * sound stamped that much early: it is taken as the path, and the stamps kept (decision 0065).
     */
    @Test
    void soundOnAPathUpTo300MillisecondsSlowerIsKeptAsStamped() {
        arrive(100, -(300 * MS - SOUND_DELAY + PICTURE_DELAY));

        assertThat(skew.correctionMicros()).isZero();
        assertThat(skew.corrections()).isZero();
    }

    @Test
    void soundArrivingFurtherBehindItsPicturesIsTakenAsStampedOff() {
        arrive(100, -(400 * MS - SOUND_DELAY + PICTURE_DELAY));

        assertThat(skew.correctionMicros()).isEqualTo(400 * MS);
    }

    /**
     * Pictures that take up to 125 ms longer than the sound to encode and send (an encoder's
     * latency, a keyframe paced out), stamped right, look like sound stamped that much late: taken
     * as the path, the stamps kept (decision 0073), where it was corrected beyond 30 ms.
     */
    @Test
    void picturesOnAPathUpTo125MillisecondsSlowerKeepTheSoundAsStamped() {
        arrive(100, 125 * MS - PICTURE_DELAY + SOUND_DELAY);

        assertThat(skew.correctionMicros()).isZero();
        assertThat(skew.corrections()).isZero();
    }

    /**
     * The cost of the above, as the two cannot be told apart: sound stamped up to 125 ms late (its
     * clock set apart) is recorded as stamped, that much late, under what a viewer notices of late
     * sound (ITU-R BT.1359: 125 ms; 45 ms of early sound).
     */
    @Test
    void soundStampedUpTo125MillisecondsLateIsRecordedAsStamped() {
        arrive(100, 70 * MS);

        assertThat(skew.correctionMicros()).isZero();
    }

    @Test
    void soundArrivingFurtherAheadOfItsPicturesIsTakenAsStampedOff() {
        arrive(100, 200 * MS - PICTURE_DELAY + SOUND_DELAY);

        assertThat(skew.correctionMicros()).isEqualTo(-200 * MS);
    }

    /**
     * The sound's path stalls for 3 s, the pictures going on, then the 150 packets that waited
     * come at once: a backlog, not a clock, so nothing is corrected.
     */
    @Test
    void aStallOfTheSoundsPathMovesNothing() {
        arrive(30, 0);
        long stallEnd = soundEnd + 3_000 * MS + SOUND_DELAY;
        for (int i = 0; i < 150; i++) {
            if (i % 5 != 4) {
                picture();
            }
            soundEnd += 20 * MS;
            skew.sound(soundEnd, stallEnd + i);
        }
        arrive(30, 0);

        assertThat(skew.correctionMicros()).isZero();
        assertThat(skew.corrections()).isZero();
    }

    /** {@code packets} sound packets stamped {@code stampedAhead} µs off, with the pictures between them. */
    private void arrive(int packets, long stampedAhead) {
        for (int i = 0; i < packets; i++) {
            if (i % 5 != 4) { // 3 pictures to 5 packets: 30 fps against 50 a second
                picture();
            }
            sound(stampedAhead);
        }
    }

    private void picture() {
        pictureCapture += 33 * MS;
        skew.picture(pictureCapture, pictureCapture + PICTURE_DELAY);
    }

    private void sound(long stampedAhead) {
        soundEnd += 20 * MS;
        skew.sound(soundEnd + stampedAhead, soundEnd + SOUND_DELAY);
    }
}
