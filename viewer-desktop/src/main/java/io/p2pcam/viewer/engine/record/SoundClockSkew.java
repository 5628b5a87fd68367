package io.p2pcam.viewer.engine.record;

import java.util.Arrays;

/**
 * How far a camera's sound is stamped off its pictures, told from when each arrives: what a
 * recording adds to the sound's capture times so that the file has the sound where it came with
 * the pictures, as the live view plays it (docs/decisions/0017, 0053).
 *
 * <p>Both streams should stamp one capture clock (docs/PROTOCOL.md §10.7), and then the sound's
 * stamps are kept as they are. A camera whose sound clock is set apart from its video clock (by a
 * constant, or since it jumped) would be recorded that far out of step, or not at all. The delay
 * from capture to arrival is about the same for both streams (a sound packet is sent once its last
 * sample is captured, a picture once it is encoded; both then cross the same path): the median
 * of the latest {@link #WINDOW} delays of each stream, sound less pictures, is how far the sound
 * is stamped early. While that is within {@link #TOLERANCE_MICROS} of the correction in force the
 * correction stays (0 at first: the stamps are trusted); further, it becomes the new correction.
 * A median ignores a few packets stamped far off (each costs only itself, decision 0043) and
 * follows a jump of the sound's clock within half a window of packets.
 *
 * <p>Sans I/O: capture and arrival times are passed in, in microseconds of one clock each (the
 * camera's capture clock, this machine's wall clock). Not thread-safe; the recorder calls it under
 * its lock.
 */
final class SoundClockSkew {

    /** The delays of each stream whose median is taken: 0.3 s of pictures at 30 fps, 0.18 s of sound. */
    static final int WINDOW = 9;

    /**
     * The most the two streams' delays may differ before the sound's stamps are corrected: 30 ms
     * (the pictures take a few to a few tens of ms longer to encode and send than a sound packet;
     * ITU-R BT.1359 hears sound 45 ms early, and the correction leaves at most this plus the
     * streams' difference in delay).
     */
    static final long TOLERANCE_MICROS = 30_000;

    private final long[] pictureDelays = new long[WINDOW];
    private final long[] soundDelays = new long[WINDOW];
    private final long[] sorted = new long[WINDOW];
    private long pictures;
    private long sounds;
    private long correctionMicros;
    private long corrections;

    /** A picture captured at {@code captureMicros} arrived at {@code arrivalMicros}. */
    void picture(long captureMicros, long arrivalMicros) {
        pictureDelays[(int) (pictures++ % WINDOW)] = arrivalMicros - captureMicros;
        update();
    }

    /** A sound packet whose last sample was captured at {@code endMicros} arrived at {@code arrivalMicros}. */
    void sound(long endMicros, long arrivalMicros) {
        soundDelays[(int) (sounds++ % WINDOW)] = arrivalMicros - endMicros;
        update();
    }

    /** Whether a window of each stream has arrived: the correction is known. */
    boolean settled() {
        return pictures >= WINDOW && sounds >= WINDOW;
    }

    /** What to add to the sound's capture times to put them on the pictures' clock, in µs. */
    long correctionMicros() {
        return correctionMicros;
    }

    /** How many times the correction changed (the sound's clock was found off, or moved). */
    long corrections() {
        return corrections;
    }

    private void update() {
        if (pictures == 0 || sounds == 0) {
            return;
        }
        long stampedEarly = median(soundDelays, sounds) - median(pictureDelays, pictures);
        if (Math.abs(stampedEarly - correctionMicros) > TOLERANCE_MICROS) {
            correctionMicros = stampedEarly;
            corrections++;
        }
    }

    private long median(long[] delays, long seen) {
        int count = (int) Math.min(seen, WINDOW);
        System.arraycopy(delays, 0, sorted, 0, count);
        Arrays.sort(sorted, 0, count);
        return sorted[count / 2];
    }
}
