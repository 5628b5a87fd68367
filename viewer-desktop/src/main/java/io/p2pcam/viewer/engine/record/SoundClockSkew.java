package io.p2pcam.viewer.engine.record;

import java.util.Arrays;

/**
 * How far a camera's sound is stamped off its pictures, told from when each arrives: what a
 * recording adds to the sound's capture times so that the file has the sound where it came with
 * the pictures, as the live view plays it (docs/decisions/0017, 0053, 0065).
 *
 * <p>Both streams should stamp one capture clock (docs/PROTOCOL.md §10.7), and then the sound's
 * stamps are kept as they are. A camera whose sound clock is set apart from its video clock (by a
 * constant, or since it jumped) would be recorded that far out of step, or not at all. The delay
 * from capture to arrival is about the same for both streams (a sound packet is sent once its last
 * sample is captured, a picture once it is encoded; both then cross the same path): the median
 * of the latest {@link #WINDOW} delays of each stream, sound less pictures, is how far the sound
 * is stamped early.
 *
 * <p>A sound path slower than the pictures' by a steady 50–200 ms (a camera that buffers its
 * sound, a path that queues it) looks the same as sound stamped that much early; the protocol
 * has both stamped on one clock, so a difference up to {@link #MAX_SOUND_PATH_LAG_MICROS} (sound
 * the slower) or {@link #MAX_PICTURE_PATH_LAG_MICROS} (sound the faster: pictures take longer to
 * encode and send) is taken as the path and the stamps are kept (correction 0). Further off, it becomes the
 * correction, and stays so while the difference is within {@link #TOLERANCE_MICROS} of it. A
 * median ignores a few packets stamped far off (each costs only itself, decision 0043) and
 * follows a jump of the sound's clock within half a window of packets.
 *
 * <p>A packet or picture that arrives less than half its capture step after the one before it
 * is a backlog being caught up (the stream stalled on its path, and what waited comes at once):
 * its delay is the stall's, not the path's or the clock's, and it is left out of the medians, so
 * that sound late by a stall is placed at its stamps rather than moved by the stall.
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

    /**
     * The most the sound's path may be slower than the pictures' and its stamps still be kept:
     * 300 ms (a steady 50–200 ms is seen from cameras that buffer their sound and paths that queue
     * it, decision 0065; sound stamped early by as much is recorded as stamped, that far early).
     */
    static final long MAX_SOUND_PATH_LAG_MICROS = 300_000;

    /**
     * The most the pictures' path may be slower than the sound's and the sound's stamps still be
     * kept: 125 ms (decision 0073). A picture is encoded (an encoder's latency) and a keyframe
     * paced out before it arrives, a sound packet sent as captured; sound stamped late by a clock
     * set apart arrives just so. The two cannot be told apart, and their errors are not alike:
     * kept, sound stamped late is recorded up to 125 ms late, which ITU-R BT.1359 finds a viewer
     * does not notice (late sound is noticed from 125 ms); corrected, right stamps behind slow
     * pictures were recorded that much early, which a viewer notices from 45 ms.
     */
    static final long MAX_PICTURE_PATH_LAG_MICROS = 125_000;

    private final long[] pictureDelays = new long[WINDOW];
    private final long[] soundDelays = new long[WINDOW];
    private final long[] sorted = new long[WINDOW];
    private long pictures;
    private long sounds;
    private final Arrivals lastPicture = new Arrivals();
    private final Arrivals lastSound = new Arrivals();
    private long correctionMicros;
    private long corrections;

    /** A picture captured at {@code captureMicros} arrived at {@code arrivalMicros}. */
    void picture(long captureMicros, long arrivalMicros) {
        if (lastPicture.catchingUp(captureMicros, arrivalMicros)) {
            return;
        }
        pictureDelays[(int) (pictures++ % WINDOW)] = arrivalMicros - captureMicros;
        update();
    }

    /** A sound packet whose last sample was captured at {@code endMicros} arrived at {@code arrivalMicros}. */
    void sound(long endMicros, long arrivalMicros) {
        if (lastSound.catchingUp(endMicros, arrivalMicros)) {
            return;
        }
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
        boolean path = stampedEarly >= -MAX_PICTURE_PATH_LAG_MICROS && stampedEarly <= MAX_SOUND_PATH_LAG_MICROS;
        long correction = path ? 0 : stampedEarly;
        if (Math.abs(correction - correctionMicros) > TOLERANCE_MICROS) {
            correctionMicros = correction;
            corrections++;
        }
    }

    private long median(long[] delays, long seen) {
        int count = (int) Math.min(seen, WINDOW);
        System.arraycopy(delays, 0, sorted, 0, count);
        Arrays.sort(sorted, 0, count);
        return sorted[count / 2];
    }

    /** The latest capture and arrival of one stream: tells a backlog being caught up. */
    private static final class Arrivals {
        private boolean any;
        private long capture;
        private long arrival;

        /**
         * Whether what was captured at {@code captureMicros} and arrived at {@code arrivalMicros}
         * came less than half its capture step after the one before (which it then replaces).
         */
        boolean catchingUp(long captureMicros, long arrivalMicros) {
            boolean catchingUp =
                    any && captureMicros > capture && arrivalMicros - arrival < (captureMicros - capture) / 2;
            any = true;
            capture = captureMicros;
            arrival = arrivalMicros;
            return catchingUp;
        }
    }
}
