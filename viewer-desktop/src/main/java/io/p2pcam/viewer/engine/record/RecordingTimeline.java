package io.p2pcam.viewer.engine.record;

import java.util.OptionalLong;

/**
 * Turns the RTP timestamps of the access units a recording keeps (32-bit, 90 kHz, RFC 6184 §5.1)
 * into MP4 presentation times: 0 at the first frame, strictly increasing, in the same 90 kHz
 * units.
 *
 * <p>Each timestamp is measured from the last one that followed on properly (the anchor), as the
 * signed 32-bit difference, so the wrap from 2³² − 1 to 0 is an ordinary step forward. A
 * timestamp that does not follow on (not after the previous frame, or more than {@link
 * #MAX_GAP_TICKS} past the end of the file: its pictures, or its sound where that went on without
 * them) is repaired: that frame is placed one frame duration after the previous
 * one, or after the sound where that went on without the pictures. One bad timestamp leaves the anchor where it was, so the frames after it keep their own
 * times; two in a row mean the camera's clock jumped (it restarted with a new random base, or
 * the stream stalled), and the timeline goes on from the second of them. Where the file's sound
 * already reaches further ({@link #soundWrittenUntil}), the timeline goes on after the sound, so
 * that the sound written while the pictures stalled keeps its place against them.
 *
 * <p>The sound is placed through the same mapping ({@link SoundTimeline}): {@link
 * #captureToFileTicks} says how far the current stretch of the file is from the capture times, so
 * a stall cut short for the pictures is cut alike for the sound. The sound can also confirm the
 * new stretch a bad timestamp would start ({@link #followPendingStretch}): the sound captured with
 * the first frame after a stall then goes in the file with it.
 *
 * <p>Not thread-safe; the recorder calls it under its lock.
 */
final class RecordingTimeline {

    /** The RTP clock rate of H.264 video (RFC 6184 §8.2.1). */
    static final long TICKS_PER_SECOND = 90_000;
    /** The longest forward step kept as it is: a stall longer than this is cut down. */
    static final long MAX_GAP_TICKS = 10 * TICKS_PER_SECOND;
    /** The frame duration assumed until two frames in a row have shown the real one: 30 fps. */
    static final long DEFAULT_FRAME_TICKS = TICKS_PER_SECOND / 30;
    /**
     * How far the sound written may reach past the pictures while the two go on together: 1 s
     * (the sound arrives ahead of its pictures, which take longer to encode and send). Further,
     * the sound went on without the pictures.
     */
    static final long MAX_SOUND_LEAD_TICKS = TICKS_PER_SECOND;
    /** Bad timestamps in a row that mean a new clock rather than a glitch. */
    private static final int BAD_IN_A_ROW_FOR_NEW_CLOCK = 2;

    private boolean started;
    private boolean contiguous;
    private long anchorRtp;
    /** The anchor's capture time, in ticks since the first frame's (steps summed, so unwrapped). */
    private long anchorCapture;

    /** What turns a capture time into its presentation time in the current stretch of the file. */
    private long captureToFile;
    /** A bad frame's capture time and presentation time, while it is the only one in a row. */
    private long pendingRtp;

    private long pendingCapture;
    private long pendingPts;
    private long lastPts;
    private long frameTicks = DEFAULT_FRAME_TICKS;
    private int badInARow;
    private long repairs;
    private long soundUntil;

    /** The presentation time of the next frame kept, whose RTP timestamp is {@code rtp}. */
    long next(long rtp) {
        if (!started) {
            started = true;
            contiguous = true;
            anchorRtp = rtp;
            return 0;
        }
        long step = (int) (rtp - anchorRtp);
        long capture = anchorCapture + step;
        long pts = capture + captureToFile;
        // A frame follows on if it is after the previous one and leaves no longer gap than the
        // limit in the file: after its pictures, or after its sound if the sound went on without
        // them (the frame then lines up with that sound, on the one capture clock).
        if (step > 0 && pts > lastPts && pts - Math.max(lastPts, soundUntil) <= MAX_GAP_TICKS) {
            if (contiguous) {
                frameTicks = pts - lastPts;
            }
            anchorRtp = rtp;
            anchorCapture = capture;
            badInARow = 0;
        } else {
            repairs++;
            pts = afterTheEndOfTheFile();
            if (++badInARow >= BAD_IN_A_ROW_FOR_NEW_CLOCK) {
                // A new stretch of the file: it starts after the sound written so far, which the
                // camera captured before this frame.
                pts = Math.max(pts, soundUntil);
                captureToFile = pts - capture;
                anchorCapture = capture;
                anchorRtp = rtp;
                badInARow = 0;
            } else {
                pendingRtp = rtp;
                pendingCapture = capture;
                pendingPts = pts;
            }
        }
        contiguous = true;
        lastPts = pts;
        return pts;
    }

    /**
     * Where a frame that does not follow on goes: one frame after the previous one, or, where the
     * sound went on without the pictures (it reaches more than {@link #MAX_SOUND_LEAD_TICKS} past
     * them), right after that sound. Under it, the frame would show with sound captured long
     * before it, and the sound captured with it (which goes on from the sound written, in the
     * stretch this frame would start) would map before the sound written and be lost.
     */
    private long afterTheEndOfTheFile() {
        long afterThePictures = lastPts + frameTicks;
        return soundUntil - afterThePictures > MAX_SOUND_LEAD_TICKS ? soundUntil : afterThePictures;
    }

    /**
     * Frames were left out before the next one (skipped after a loss): the step to it is a gap,
     * not a frame duration.
     */
    void gap() {
        contiguous = false;
    }

    /**
     * The file holds sound up to {@code ticks}: a stretch the timeline starts anew (after a stall or
     * a new clock) starts no earlier.
     */
    void soundWrittenUntil(long ticks) {
        soundUntil = Math.max(soundUntil, ticks);
    }

    /**
     * What turns a capture time (in ticks since the first frame's) into its presentation time in
     * the current stretch of the file: 0 until a stall is cut short or the clock is followed
     * anew.
     */
    long captureToFileTicks() {
        return captureToFile;
    }

    /**
     * The mapping of {@link #captureToFileTicks} that the latest frame would start if the next
     * confirmed it (it did not follow on, and is the only one in a row: it was placed one frame
     * after the previous one); empty if there is none.
     */
    OptionalLong pendingCaptureToFileTicks() {
        return badInARow == 1 ? OptionalLong.of(pendingPts - pendingCapture) : OptionalLong.empty();
    }

    /**
     * The sound confirms the stretch the latest frame would start ({@link
     * #pendingCaptureToFileTicks}): it starts now, mapped by {@code captureToFileTicks} (no less
     * than the pending mapping, so that frame stays at or before its place in it), and the frames
     * after it go on from it.
     *
     * @throws IllegalStateException if no stretch is pending
     */
    void followPendingStretch(long captureToFileTicks) {
        if (badInARow != 1 || captureToFileTicks < pendingPts - pendingCapture) {
            throw new IllegalStateException("No pending stretch to follow at " + captureToFileTicks);
        }
        captureToFile = captureToFileTicks;
        anchorRtp = pendingRtp;
        anchorCapture = pendingCapture;
        badInARow = 0;
    }

    /**
     * The sound, going on without pictures, starts a new stretch of the file mapped by {@code
     * captureToFileTicks} (it cut short an outage of its own): the frames that come back go on in
     * it.
     */
    void startStretch(long captureToFileTicks) {
        captureToFile = captureToFileTicks;
        badInARow = 0;
    }

    /** The presentation time of the latest frame, 0 before any. */
    long lastPts() {
        return lastPts;
    }

    /**
     * The duration of the latest frame as far as it is known: the last step between two
     * consecutive frames (what the MP4 gives the last sample, which has no successor to measure
     * it by).
     */
    long frameTicks() {
        return frameTicks;
    }

    /** How many timestamps did not follow on and were placed one frame after their previous. */
    long repairs() {
        return repairs;
    }
}
