package io.p2pcam.camera.media;

import java.time.Duration;

/**
 * The main stream's keyframe kept ready while nobody watches the camera (issue 16 §2,
 * docs/decisions/0027), so that the next viewer's first picture needs no encoding: the encoder
 * stays open and encodes one capture as a keyframe every {@code interval}, and the first
 * subscriber gets the newest one at once; the stream then goes on from it with predicted pictures
 * (the kept keyframe is the last picture that encoder made, so it is their reference). What go2rtc
 * and NVRs do with the last group of pictures, at the cost of one keyframe per interval.
 *
 * <p>A kept keyframe is handed out at most once and only while it is at most two intervals old (a
 * loop that stalled makes no stale first picture); whoever reopens the encoder must {@link #drop}
 * it, as the new encoder's pictures could not refer to it. Not thread-safe: the encoder loop's
 * thread only.
 */
final class StandbyKeyframe {
    private final long intervalNanos;
    private EncodedFrame kept;
    private long madeAt;
    private long made;

    StandbyKeyframe(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("standby keyframe interval must be positive, not " + interval);
        }
        this.intervalNanos = interval.toNanos();
    }

    /** Whether a new keyframe should be made now (none kept, or the kept one is an interval old). */
    boolean due(long now) {
        return kept == null || now - madeAt >= intervalNanos;
    }

    /** Keeps {@code keyframe}, made at {@code now}, in place of the previous one. */
    void keep(EncodedFrame keyframe, long now) {
        if (!keyframe.keyframe()) {
            throw new IllegalArgumentException("not a keyframe: " + keyframe);
        }
        kept = keyframe;
        madeAt = now;
        made++;
    }

    /** The kept keyframe if it is fresh enough, once; null otherwise. */
    EncodedFrame take(long now) {
        EncodedFrame keyframe = kept;
        kept = null;
        return keyframe != null && now - madeAt <= 2 * intervalNanos ? keyframe : null;
    }

    /** When the kept keyframe was made (the caller's clock); meaningful only after {@link #keep}. */
    long madeAt() {
        return madeAt;
    }

    /** Forgets the kept keyframe (its encoder was closed or reopened). */
    void drop() {
        kept = null;
    }

    /** Keyframes made so far. */
    long made() {
        return made;
    }
}
