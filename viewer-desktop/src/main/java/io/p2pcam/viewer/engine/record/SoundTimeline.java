package io.p2pcam.viewer.engine.record;

import io.p2pcam.protocol.audio.OpusRtp;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Places a recording's sound packets in the file: each at its capture time (48 kHz samples since
 * the first picture's, docs/PROTOCOL.md §10.7: both streams stamp one capture clock) mapped
 * through the pictures' {@link RecordingTimeline}, so that a stall the pictures' timeline cuts
 * short is cut alike for the sound and the two stay in sync for the rest of the file.
 *
 * <p>A packet that cannot be placed is left out, and costs only itself, never the track's clock:
 *
 * <ul>
 *   <li>one that comes after a later one (reordered, duplicated) or starts more than {@link
 *       #MAX_MOVE_SAMPLES} before the first picture;
 *   <li>one that starts more than {@link #MAX_MOVE_SAMPLES} inside the one written before it
 *       (re-sent framed anew, or stamped early): the MP4 has each packet last until the next
 *       starts, so placing it would cut short the sound already written; one that starts less far
 *       inside is moved to start at its end instead;
 *   <li>one more than {@link #MAX_STEP_SAMPLES} after the end of the sound written that the next
 *       packet does not follow on: a lone jump is a bad stamp.
 * </ul>
 *
 * <p>A packet that jumps is held (with those that follow on from it) until it can be told apart:
 *
 * <ul>
 *   <li>the next packet follows on from it: the sound is back after an outage (as the pictures'
 *       timeline follows a new clock from its second frame), and both are written;
 *   <li>the pictures' timeline has a stretch pending (the first frame after a stall it cuts short)
 *       in which the held sound goes on after the sound written: the sound confirms that stretch,
 *       which starts at once ({@link RecordingTimeline#followPendingStretch}), so the sound at the
 *       seam is written in it rather than lost;
 *   <li>while the held sound is more than {@link RecordingTimeline#MAX_GAP_TICKS} past the end of
 *       the file (its newest picture, or its sound) it stays held, up to a second of it: two
 *       packets stamped hours ahead are not written (they would make every packet after them look
 *       old), and such an outage is cut short, not kept: if no picture comes while a second of it
 *       is held, the sound is on its own and starts a new stretch of the file right after the end
 *       of the file ({@link RecordingTimeline#startStretch}), as the pictures' timeline cuts a
 *       stall; the pictures that come back go on in it. If pictures came while a second of it
 *       was held, the sound's clock is off the pictures' (stamped far ahead all along, or since
 *       it jumped): the sound is lined up with the pictures as they came and goes on by that
 *       offset ({@link #lineUpWithThePictures}), rather than never being recorded.
 * </ul>
 *
 * <p>When the recording stops, the sound still held is written where the pictures confirm it
 * ({@link #finish}).
 *
 * <p>Sound that follows on from the sound written is written whatever the pictures do: when they
 * stop, the sound goes on by its own capture times (the mapping unchanged), and the pictures that
 * come back line up with it.
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
     * How late sound may come after its pictures and still go in the file at its time: 5 s (a
     * network stall of a few seconds on the sound's path, the pictures going on; decision 0065).
     * While no sound comes, the file's sound is made silent only this far behind the pictures
     * ({@link #silenceUntil}); a packet that comes later falls in that silence and is left out,
     * counted as {@link #late}.
     */
    static final long MAX_LATE_SAMPLES = 5L * OpusRtp.CLOCK_RATE;

    /**
     * A packet to write, in 48 kHz samples: {@code opus} at {@code pts}, {@code samples} long,
     * after the sound written before it, which ends at {@code gapFrom} (the time between is to be
     * filled; {@code gapFrom == 0}, the first picture's time, for the first packet). Without
     * {@code opus} (and 0 samples), silence: the time from {@code gapFrom} to {@code pts} is to be
     * filled ({@link #silenceUntil}).
     */
    record Placed(byte[] opus, long pts, int samples, long gapFrom) {}

    /** A packet as it came, held or about to be written. */
    private record Held(long captureSample, byte[] opus, int samples) {}

    private final RecordingTimeline pictures;
    private long lastPts = -1;
    private int lastSamples;
    private long end;
    /** Packets that jumped past the sound written, each following on the one before. */
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    /** The pictures' latest time when the packets held began: if it has not moved, no picture came. */
    private long picturesWhenHeld;
    /**
     * Added to each packet's capture time: 0 while the sound's clock agrees with the pictures'
     * (docs/PROTOCOL.md §10.7); else what lines the sound up with the pictures as they come
     * ({@link #lineUpWithThePictures}).
     */
    private long soundClockOffset;

    private long linedUp;

    private long leftOut;
    private long late;
    private long moved;
    /** Where the last packet written ends (not the silence after it), in samples. */
    private long soundEnd;

    SoundTimeline(RecordingTimeline pictures) {
        this.pictures = pictures;
    }

    /**
     * Takes a packet captured {@code captureSample} samples after the first picture and answers
     * what is to be written now, in order: nothing (left out, or held), this packet, or packets
     * held before it and this one. The answer is taken as written.
     */
    List<Placed> place(long captureSample, byte[] opus, int samples) {
        List<Placed> written = new ArrayList<>(2);
        writeHeldInAPendingStretch(written);
        long capture = captureSample + soundClockOffset;
        Held packet = new Held(capture, opus, samples);
        long pts = ptsOf(packet);
        if (pts - end > MAX_STEP_SAMPLES && followsPendingStretch(capture)) {
            followPendingStretch(capture);
            pts = ptsOf(packet);
        }
        if (old(pts)) {
            countLeftOut(pts);
        } else if (pts - end <= MAX_STEP_SAMPLES) {
            leftOut += held.size(); // a lone jump: the sound goes on where it was
            held.clear();
            written.add(write(packet, pts));
        } else if (!held.isEmpty() && follows(held.getLast(), packet)) {
            held.addLast(packet);
            if (!farAhead(ptsOf(held.getFirst()))) {
                writeHeld(written); // the sound back after an outage, from its first packet
            } else if (heldSamples() > MAX_STEP_SAMPLES && pictures.lastPts() == picturesWhenHeld) {
                // A second of sound and no picture: the sound is on its own, and its outage is
                // cut short as the pictures' timeline cuts a stall.
                startStretchAfterTheFile(held.getFirst().captureSample());
                writeHeld(written);
            } else if (heldSamples() > MAX_STEP_SAMPLES) {
                // A second of sound far ahead, and the pictures went on meanwhile: not an outage
                // but a sound clock off the pictures' (all along, or since it jumped).
                lineUpWithThePictures();
                writeHeld(written);
            }
        } else {
            leftOut += held.size();
            held.clear();
            held.addLast(packet);
            picturesWhenHeld = pictures.lastPts();
        }
        return written;
    }

    /**
     * The recording stops: answers the sound held that is to be written all the same (after what
     * {@link #place} answered last). Nothing can confirm it any more, so it is written where the
     * pictures confirm it: in the stretch the latest frame would start, or among the pictures (the
     * sound back after an outage while they went on; it may reach as far past them as the sound
     * leads the pictures, {@link RecordingTimeline#MAX_SOUND_LEAD_TICKS}). Sound held further
     * ahead (a bad stamp, or sound that came back alone) is left out.
     */
    List<Placed> finish() {
        List<Placed> written = new ArrayList<>(held.size());
        writeHeldInAPendingStretch(written);
        long picturesEnd = samplesOf(pictures.lastPts() + pictures.frameTicks());
        if (!held.isEmpty()
                && ptsOf(held.getFirst()) - picturesEnd <= samplesOf(RecordingTimeline.MAX_SOUND_LEAD_TICKS)) {
            writeHeld(written);
        }
        leftOut += held.size();
        held.clear();
        return written;
    }

    /**
     * Writes the sound held if the pictures' timeline has a stretch pending that it goes on in
     * (after the sound written): the sound confirms that stretch, as a second frame would.
     */
    private void writeHeldInAPendingStretch(List<Placed> written) {
        if (!held.isEmpty() && followsPendingStretch(held.getFirst().captureSample())) {
            followPendingStretch(held.getFirst().captureSample());
            writeHeld(written);
        }
    }

    /**
     * Takes the sound's clock as off the pictures' by as much as lines the sound held up with the
     * pictures as they came: the latest packet held ends with the latest picture (both came just
     * now), or the first packet held starts at the end of the sound written if that is later.
     * The packets after it are placed by the same offset.
     */
    private void lineUpWithThePictures() {
        long picturesEnd = samplesOf(pictures.lastPts() + pictures.frameTicks());
        long offset = Math.max(end, picturesEnd - heldSamples()) - ptsOf(held.getFirst());
        soundClockOffset += offset;
        for (int i = held.size(); i > 0; i--) {
            Held packet = held.removeFirst();
            held.addLast(new Held(packet.captureSample() + offset, packet.opus(), packet.samples()));
        }
        linedUp++;
    }

    /**
     * Whether the pictures' timeline has a stretch pending (the first frame after a stall) that
     * the packet captured at {@code captureSample} would go on in, after the sound written: the
     * packet then confirms it, as a second frame would.
     */
    private boolean followsPendingStretch(long captureSample) {
        OptionalLong pending = pictures.pendingCaptureToFileTicks();
        return pending.isPresent()
                && Math.abs(captureSample + samplesOf(pending.getAsLong()) - end) <= MAX_STEP_SAMPLES;
    }

    /**
     * Starts the pictures' pending stretch, no earlier than the end of the sound written for the
     * packet captured at {@code captureSample} (the sound may have come back a little before the
     * pictures: it goes on after what is written, not under it).
     */
    private void followPendingStretch(long captureSample) {
        long afterTheSound =
                Math.ceilDiv((end - captureSample) * RecordingTimeline.TICKS_PER_SECOND, OpusRtp.CLOCK_RATE);
        pictures.followPendingStretch(
                Math.max(pictures.pendingCaptureToFileTicks().getAsLong(), afterTheSound));
    }

    /**
     * Starts a new stretch of the file in which the packet captured at {@code captureSample} goes
     * right after the end of the file (its sound, or its latest picture).
     */
    private void startStretchAfterTheFile(long captureSample) {
        long pictureEnd = samplesOf(pictures.lastPts() + pictures.frameTicks());
        long fileEnd = Math.max(end, pictureEnd);
        pictures.startStretch(
                Math.ceilDiv((fileEnd - captureSample) * RecordingTimeline.TICKS_PER_SECOND, OpusRtp.CLOCK_RATE));
    }

    /** Writes the packets held, in order, those that still can go in the file. */
    private void writeHeld(List<Placed> written) {
        while (!held.isEmpty()) {
            Held packet = held.removeFirst();
            long pts = ptsOf(packet);
            if (old(pts)) {
                countLeftOut(pts);
            } else {
                written.add(write(packet, pts));
            }
        }
    }

    /**
     * Counts a packet at {@code pts} that cannot go in the file: as {@link #late} if it falls in
     * the silence written while no sound came (it came more than {@link #MAX_LATE_SAMPLES} after
     * its pictures), else as {@link #leftOut}.
     */
    private void countLeftOut(long pts) {
        if (pts > lastPts && pts >= soundEnd) {
            late++;
        } else {
            leftOut++;
        }
    }

    private long ptsOf(Held packet) {
        return packet.captureSample() + samplesOf(pictures.captureToFileTicks());
    }

    /**
     * Whether a packet at {@code pts} cannot go after the sound written: before it, or starting so
     * far inside the last packet written that it would cut that short (the MP4 has a packet last
     * until the next starts; the newcomer yields, never what is in the file). Before any is
     * written, the track starts at the first picture's time (0): a packet that starts less than
     * {@link #MAX_MOVE_SAMPLES} before it is moved to start there, as after a packet written.
     */
    private boolean old(long pts) {
        return (lastPts >= 0 && pts <= lastPts) || end - pts > MAX_MOVE_SAMPLES;
    }

    /** Whether a packet at {@code pts} is more than the longest gap kept past the end of the file. */
    private boolean farAhead(long pts) {
        return pts > Math.max(samplesOf(pictures.lastPts()), end) + MAX_LEAD_SAMPLES;
    }

    private static boolean follows(Held before, Held packet) {
        long beforeEnd = before.captureSample() + before.samples();
        return packet.captureSample() > before.captureSample()
                && packet.captureSample() - beforeEnd <= MAX_STEP_SAMPLES;
    }

    private long heldSamples() {
        return held.getLast().captureSample()
                + held.getLast().samples()
                - held.getFirst().captureSample();
    }

    /**
     * Writes a packet at {@code pts}, or at the end of the one before if it starts a little inside
     * it: the next must come after it, and the pictures' timeline starts no new stretch before its
     * end.
     */
    private Placed write(Held packet, long pts) {
        if (pts < end) {
            moved++;
            pts = end;
        }
        // The first packet's gap is from the first picture: the file's sound starts with its
        // pictures. Unfilled, FFmpeg's fragmented MP4 starts the track at its first packet, and a
        // player lays the sound end to end from there, early by the time before it.
        Placed placed = new Placed(packet.opus(), pts, packet.samples(), lastPts >= 0 ? end : 0);
        lastPts = pts;
        lastSamples = packet.samples();
        end = pts + packet.samples();
        soundEnd = end;
        pictures.soundWrittenUntil(Math.ceilDiv(end * RecordingTimeline.TICKS_PER_SECOND, OpusRtp.CLOCK_RATE));
        return placed;
    }

    /**
     * No sound came, and the pictures went on past {@code pts} (samples): the file's sound is
     * silent until there, in whole packets of the last one's length, so that it stays with the
     * pictures being written rather than waiting for the sound to come back and its gap to be
     * filled then ({@code pts} is {@link #MAX_LATE_SAMPLES} behind the pictures written: sound
     * that comes up to that late still goes in at its time). Answers that silence to write, or
     * nothing (no sound written yet, sound held that may be the sound coming back, or the sound
     * written reaches that far). A packet placed before its end is left out, counted as {@link
     * #late}.
     *
     * @return a {@link Placed} without opus, to {@code pts} rounded down to whole packets, or nothing
     */
    List<Placed> silenceUntil(long pts) {
        if (lastPts < 0 || !held.isEmpty()) {
            return List.of();
        }
        long packets = (pts - end) / lastSamples;
        if (packets <= 0) {
            return List.of();
        }
        long from = end;
        end += packets * lastSamples;
        return List.of(new Placed(null, end, 0, from));
    }

    /** Where the last packet written ends, in samples; 0 before any. */
    long end() {
        return end;
    }

    /** Packets that started inside the one before, moved to start at its end, so far. */
    long moved() {
        return moved;
    }

    /** How many times the sound's clock was found off the pictures' and lined up with them. */
    long linedUp() {
        return linedUp;
    }

    /** Packets left out so far, but for those that came {@link #late}. */
    long leftOut() {
        return leftOut;
    }

    /**
     * Packets left out so far because they came more than {@link #MAX_LATE_SAMPLES} after their
     * pictures, where the file's sound was made silent already.
     */
    long late() {
        return late;
    }

    private static long samplesOf(long ticks) {
        return Math.floorDiv(ticks * OpusRtp.CLOCK_RATE, RecordingTimeline.TICKS_PER_SECOND);
    }
}
