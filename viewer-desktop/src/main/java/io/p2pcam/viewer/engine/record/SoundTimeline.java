package io.p2pcam.viewer.engine.record;

import io.p2pcam.protocol.audio.OpusRtp;
import java.util.List;

/**
 * Places a recording's sound packets in the file: each at its capture time (48 kHz samples since
 * the first picture's, docs/PROTOCOL.md §10.7: both streams stamp one capture clock) mapped
 * through the pictures' {@link RecordingTimeline}, so that a stall the pictures' timeline cuts
 * short is cut alike for the sound and the two stay in sync for the rest of the file.
 *
 * <p>A packet that cannot be placed is left out, and costs only itself, never the track's clock:
 *
 * <ul>
 *   <li>one that comes after a later one (reordered, duplicated) or before the first picture;
 *   <li>one that starts more than {@link #MAX_MOVE_SAMPLES} inside the one written before it
 *       (re-sent framed anew, or stamped early): the MP4 has each packet last until the next
 *       starts, so placing it would cut short the sound already written; one that starts less far
 *       inside is moved to start at its end instead;
 *   <li>one more than {@link RecordingTimeline#MAX_GAP_TICKS} ahead of the newest picture: no sound
 *       that far ahead can be in sync (the pictures' timeline cuts such a gap short), and one
 *       stamped hours ahead would otherwise make every packet after it look old;
 *   <li>one more than {@link #MAX_STEP_SAMPLES} after the end of the sound written that the next
 *       packet does not follow on: a lone jump is a bad stamp. Such a packet is held until the
 *       next one comes; if that one follows on from it, the two are the sound coming back after an
 *       outage (as the pictures' timeline follows a new clock from its second frame) and both are
 *       written.
 * </ul>
 *
 * <p>Not thread-safe; the recorder calls it under its lock.
 */
final class SoundTimeline {

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

    /**
     * A packet to write, in 48 kHz samples: {@code opus} at {@code pts}, {@code samples} long,
     * after the sound written before it, which ends at {@code gapFrom} (the time between is to be
     * filled; {@code gapFrom == pts} for the first packet).
     */
    record Placed(byte[] opus, long pts, int samples, long gapFrom) {}

    /** A packet that jumped past the sound written, held until the next one says what it was. */
    private record Held(long captureSample, byte[] opus, int samples) {}

    private final RecordingTimeline pictures;
    private long lastPts = -1;
    private long end;
    private Held held;
    private long leftOut;
    private long moved;

    SoundTimeline(RecordingTimeline pictures) {
        this.pictures = pictures;
    }

    /**
     * Takes a packet captured {@code captureSample} samples after the first picture and answers
     * what is to be written now, in order: nothing (left out, or held), this packet, or a packet
     * held before it and this one. The answer is taken as written.
     */
    List<Placed> place(long captureSample, byte[] opus, int samples) {
        long pts = captureSample + samplesOf(pictures.captureToFileTicks());
        if (!placeable(pts)) {
            leftOut++;
            return List.of();
        }
        Held before = held;
        held = null;
        if (pts - end <= MAX_STEP_SAMPLES) {
            if (before != null) {
                leftOut++; // a lone jump: the sound goes on where it was
            }
            return List.of(write(opus, pts, samples));
        }
        if (before != null && follows(before, captureSample)) {
            // The sound back after an outage, from its first packet.
            Placed first = write(before.opus(), before.captureSample() + pts - captureSample, before.samples());
            return List.of(first, write(opus, pts, samples));
        }
        if (before != null) {
            leftOut++;
        }
        held = new Held(captureSample, opus, samples);
        return List.of();
    }

    /** Whether a packet at {@code pts} can go after the sound written (if it is not too far ahead). */
    private boolean placeable(long pts) {
        boolean old = pts < 0 || pts <= lastPts;
        boolean farAhead = pts > samplesOf(pictures.lastPts()) + MAX_LEAD_SAMPLES;
        // The MP4 has a packet last until the next starts: one starting inside the packet written
        // would cut that short, so the newcomer yields, never what is in the file.
        boolean overlapsMuch = end - pts > MAX_MOVE_SAMPLES;
        return !old && !farAhead && !overlapsMuch;
    }

    private static boolean follows(Held before, long captureSample) {
        long beforeEnd = before.captureSample() + before.samples();
        return captureSample > before.captureSample() && captureSample - beforeEnd <= MAX_STEP_SAMPLES;
    }

    /**
     * Writes a packet at {@code pts}, or at the end of the one before if it starts a little inside
     * it: the next must come after it, and the pictures' timeline starts no new stretch before its
     * end.
     */
    private Placed write(byte[] opus, long pts, int samples) {
        if (pts < end) {
            moved++;
            pts = end;
        }
        Placed placed = new Placed(opus, pts, samples, lastPts >= 0 ? end : pts);
        lastPts = pts;
        end = pts + samples;
        pictures.soundWrittenUntil(Math.ceilDiv(end * RecordingTimeline.TICKS_PER_SECOND, OpusRtp.CLOCK_RATE));
        return placed;
    }

    /** Where the last packet written ends, in samples; 0 before any. */
    long end() {
        return end;
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
