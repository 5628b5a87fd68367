package io.p2pcam.viewer.engine.record;

import io.p2pcam.protocol.audio.OpusRtp;

/**
 * Places a recording's sound packets in the file: each at its capture time (48 kHz samples since
 * the first picture's, docs/PROTOCOL.md §10.7: both streams stamp one capture clock) mapped
 * through the pictures' {@link RecordingTimeline}, so that a stall the pictures' timeline cuts
 * short is cut alike for the sound and the two stay in sync for the rest of the file.
 *
 * <p>A packet that cannot be placed is left out, and costs only itself, never the track's clock:
 *
 * <ul>
 *   <li>one that starts more than {@link #MAX_MOVE_SAMPLES} inside the one written before it
 *       (re-sent framed anew, or stamped early): the MP4 has each packet last until the next
 *       starts, so placing it would cut short the sound already written; one that starts less far
 *       inside is moved to start at its end instead;
 *   <li>one that comes after a later one (reordered, duplicated) or before the first picture;
 *   <li>one more than {@link RecordingTimeline#MAX_GAP_TICKS} ahead of the newest picture: no sound
 *       that far ahead can be in sync (the pictures' timeline cuts such a gap short), and one
 *       stamped hours ahead would otherwise make every packet after it look old;
 *   <li>one more than {@link #MAX_STEP_SAMPLES} after the end of the sound written, unless the
 *       packet before it landed there too: a lone jump is a bad stamp, two in a row are the sound
 *       coming back after an outage (as the pictures' timeline follows a new clock from its
 *       second frame).
 * </ul>
 *
 * <p>Not thread-safe; the recorder calls it under its lock.
 */
final class SoundTimeline {

    /** What {@link #place} answers for a packet that is left out. */
    static final long LEFT_OUT = -1;
    /**
     * The longest step from the end of the sound written to the next packet taken on its own: 1 s
     * (DTX sends a frame at least every 400 ms; a longer silence is an outage, or a bad stamp).
     */
    static final int MAX_STEP_SAMPLES = OpusRtp.CLOCK_RATE;

    /**
     * The most a packet that starts inside the one written before it is moved later, to start at
     * its end, rather than left out: 10 ms (stamped a few ms early: its sound is kept whole and at
     * most this late, well within what is heard as in sync; the next gap takes the delay back).
     */
    static final int MAX_MOVE_SAMPLES = OpusRtp.CLOCK_RATE / 100;

    private static final long MAX_LEAD_SAMPLES = samplesOf(RecordingTimeline.MAX_GAP_TICKS);

    private final RecordingTimeline pictures;
    private long lastPts = -1;
    private long end;
    /** Where the last packet, if it was left out as a jump, would have gone and ended; -1 if not. */
    private long jumpPts = -1;

    private long jumpEnd;

    private long leftOut;
    private long moved;

    SoundTimeline(RecordingTimeline pictures) {
        this.pictures = pictures;
    }

    /**
     * Where a packet captured {@code captureSample} samples after the first picture goes in the
     * file, in 48 kHz samples, or {@link #LEFT_OUT}. A packet placed must then be {@link #written}.
     */
    long place(long captureSample, int samples) {
        long pts = captureSample + samplesOf(pictures.captureToFileTicks());
        boolean old = pts < 0 || pts <= lastPts;
        boolean farAhead = pts > samplesOf(pictures.lastPts()) + MAX_LEAD_SAMPLES;
        // The MP4 has a packet last until the next starts: one starting inside the packet written
        // would cut that short, so the newcomer yields, never what is in the file.
        boolean overlapsMuch = end - pts > MAX_MOVE_SAMPLES;
        if (old || farAhead || overlapsMuch) {
            leftOut++;
            return LEFT_OUT;
        }
        boolean jump = pts - end > MAX_STEP_SAMPLES;
        boolean followsTheJump = jumpPts >= 0 && pts > jumpPts && pts - jumpEnd <= MAX_STEP_SAMPLES;
        if (jump && !followsTheJump) {
            jumpPts = pts;
            jumpEnd = pts + samples;
            leftOut++;
            return LEFT_OUT;
        }
        jumpPts = -1;
        if (pts < end) {
            moved++;
            return end;
        }
        return pts;
    }

    /**
     * The packet {@link #place} placed at {@code pts} is in the file, {@code samples} long: the
     * next must come after it, and the pictures' timeline starts no new stretch before its end.
     */
    void written(long pts, int samples) {
        lastPts = pts;
        end = pts + samples;
        pictures.soundWrittenUntil(Math.ceilDiv(end * RecordingTimeline.TICKS_PER_SECOND, OpusRtp.CLOCK_RATE));
    }

    /** Where the last packet written ends, in samples; 0 before any. */
    long end() {
        return end;
    }

    /** Whether a packet has been written. */
    boolean started() {
        return lastPts >= 0;
    }

    /** Packets that started inside the one before, moved to start at its end, so far. */
    long moved() {
        return moved;
    }

    /** Packets left out so far. */
    long leftOut() {
        return leftOut;
    }

    private static long samplesOf(long ticks) {
        return Math.floorDiv(ticks * OpusRtp.CLOCK_RATE, RecordingTimeline.TICKS_PER_SECOND);
    }
}
