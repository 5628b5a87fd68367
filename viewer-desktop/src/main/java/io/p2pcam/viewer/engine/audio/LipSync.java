package io.p2pcam.viewer.engine.audio;

import io.p2pcam.protocol.audio.OpusRtp;
import io.p2pcam.protocol.media.VideoClock;

/**
 * Lip sync while a camera's sound is played (docs/decisions/0017): the video waits for the sound.
 * The audio player reports when each frame it plays will be heard ({@link #heard}); a decoded
 * picture is then shown at {@code its capture time + the sound's current delay - }{@link
 * #TARGET_OFFSET_MILLIS} ({@link #presentAt}), so the sound of an instant is heard that long after
 * its picture appears, whatever the sound's jitter allowance, frame size or codec delay.
 *
 * <p>Both streams stamp the camera's one capture clock (audio RTP at 48 kHz, video at 90 kHz,
 * since 1970; docs/PROTOCOL.md §10.7), so the sound's delay is a single offset between that clock
 * and this machine's monotonic clock: no clock synchronisation is needed. The 32-bit timestamps
 * are unwrapped near this machine's wall clock, which must be within 6 hours of the camera's (half
 * the 90 kHz wrap); outside that, or with no sound heard for {@link #STALE_MILLIS} ms (muted, the
 * sound stopped, before the first frame), pictures are shown at once. So are they when the sound is
 * more than {@link #MAX_HOLD_MILLIS} ms behind them (a stalled path, a sound far behind): the
 * picture does not follow a stall, and since a held picture holds up the next one's decoding, a
 * hold is only worth it while it is shorter than a few frame intervals.
 *
 * <p>Sans I/O: times are passed in (nanoseconds of one monotonic clock, wall-clock microseconds).
 * Thread-safe: the player's thread reports, the decode thread asks.
 */
public final class LipSync {
    /**
     * How much later the sound of an instant is heard than its picture is shown (the probe's {@code
     * avOffsetMsP50}). Positive, because sound early is noticed sooner than sound late (ITU-R
     * BT.1359: +45 / −125 ms), and a display adds up to a refresh to the picture after it is shown.
     */
    public static final long TARGET_OFFSET_MILLIS = 15;
    /** The longest a picture is held for its sound; a sound further behind is not waited for. */
    public static final long MAX_HOLD_MILLIS = 150;
    /** Reports older than this say nothing about the sound any more. */
    public static final long STALE_MILLIS = 200;
    /**
     * The Opus decoder's output lags its input by the encoder's look-ahead (the pre-skip of RFC 7845:
     * 312 samples at 48 kHz), which FFmpeg's libopus decoder does not remove: what a frame with RTP
     * timestamp {@code t} plays first was captured this much before {@code t}.
     */
    public static final int CODEC_DELAY_SAMPLES = 312;

    /** Heard-at (monotonic ns) minus capture time (camera clock, µs × 1000), from the last report. */
    private long offsetNanos;

    private long reportedAtNanos;
    private boolean reported;

    /**
     * The player hands a frame to its output.
     *
     * @param rtpTimestamp the frame's audio RTP timestamp (48 kHz capture clock)
     * @param heardAtNanos when its first sample will be heard (now + the output's buffer)
     * @param nowMicros this machine's wall clock, to unwrap the timestamp
     */
    public synchronized void heard(long rtpTimestamp, long heardAtNanos, long nowMicros) {
        long sample = OpusRtp.unwrap(rtpTimestamp, OpusRtp.sampleAt(nowMicros)) - CODEC_DELAY_SAMPLES;
        offsetNanos = heardAtNanos - OpusRtp.microsOf(sample) * 1000;
        reportedAtNanos = heardAtNanos;
        reported = true;
    }

    /** The sound stopped (muted, closed): pictures are shown at once from now on. */
    public synchronized void stop() {
        reported = false;
    }

    /**
     * When to show a picture: its sound's time minus the target offset; {@code nowNanos} (at once)
     * if that has passed, without a fresh report, or if it is more than {@link #MAX_HOLD_MILLIS}
     * away.
     *
     * @param videoRtpTimestamp the picture's video RTP timestamp (90 kHz capture clock)
     * @param nowMicros this machine's wall clock, to unwrap the timestamp
     */
    public synchronized long presentAt(long videoRtpTimestamp, long nowNanos, long nowMicros) {
        if (!reported || nowNanos - reportedAtNanos > STALE_MILLIS * 1_000_000) {
            return nowNanos;
        }
        long captureMicros = VideoClock.captureMicros(videoRtpTimestamp, nowMicros);
        long at = captureMicros * 1000 + offsetNanos - TARGET_OFFSET_MILLIS * 1_000_000;
        return at <= nowNanos || at - nowNanos > MAX_HOLD_MILLIS * 1_000_000 ? nowNanos : at;
    }
}
