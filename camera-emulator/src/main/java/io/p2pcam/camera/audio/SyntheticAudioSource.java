package io.p2pcam.camera.audio;

import io.p2pcam.protocol.audio.OpusRtp;
import io.p2pcam.protocol.audio.TimingMarks;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * The sound of the synthetic camera ({@link TimingMarks}): silence with a timing mark, a {@link #MARK_HZ} Hz tone burst
 * of {@link #MARK_MILLIS} ms, starting exactly at every {@link #MARK_PERIOD_MILLIS} ms of capture
 * time (UTC: 12:00:00.000, 12:00:00.500, …). The synthetic video stamps every picture with its
 * capture time (PixelCode), so the picture captured at a mark's time is the one the mark goes
 * with; a receiver finds the burst's onset in what it plays and knows when it was captured, hence
 * the latency and the A/V offset. Silence between marks keeps the onsets sharp.
 *
 * <p>Samples are a pure function of their capture time ({@link #render}); {@link #read} waits, on
 * a monotonic clock, until a frame's last sample has been "captured", like a microphone. Not
 * thread-safe.
 */
public final class SyntheticAudioSource implements AudioSource {
    public static final int MARK_HZ = TimingMarks.MARK_HZ;
    public static final int MARK_MILLIS = TimingMarks.MARK_MILLIS;
    public static final int MARK_PERIOD_MILLIS = TimingMarks.MARK_PERIOD_MILLIS;
    public static final int MARK_PERIOD_SAMPLES = TimingMarks.MARK_PERIOD_SAMPLES;
    /** Half of full scale (-6 dBFS). */
    public static final int MARK_AMPLITUDE = TimingMarks.MARK_AMPLITUDE;

    /** How far the sample clock may be from the wall clock before it follows a step of the latter: 200 ms. */
    private static final long CLOCK_STEP_SAMPLES = 200L * OpusRtp.CLOCK_RATE / 1000;

    private final Clock clock;
    private final LongSupplier nanoTime;
    private long nextSample = Long.MIN_VALUE;
    private long nextDeadlineNanos;

    public SyntheticAudioSource(Clock clock) {
        this(clock, System::nanoTime);
    }

    SyntheticAudioSource(Clock clock, LongSupplier nanoTime) {
        this.clock = clock;
        this.nanoTime = nanoTime;
    }

    @Override
    public long read(short[] pcm) throws InterruptedException {
        long now = nanoTime.getAsLong();
        long frameNanos = TimeUnit.MILLISECONDS.toNanos(OpusRtp.FRAME_MILLIS);
        if (nextSample == Long.MIN_VALUE) {
            // Start with the frame that ends now.
            nextSample = OpusRtp.sampleAt(clock.millis() * 1000) - OpusRtp.FRAME_SAMPLES;
            nextDeadlineNanos = now;
        } else if (now - nextDeadlineNanos > 3 * frameNanos) {
            // The reader stalled: the frames it missed are gone, as a device's would be; the next one
            // is the one that ends now, on the same frame grid (receivers hear silence for the gap).
            long missed = (now - nextDeadlineNanos) / frameNanos;
            nextSample += missed * OpusRtp.FRAME_SAMPLES;
            nextDeadlineNanos += missed * frameNanos;
        }
        // The wall clock moved away from the monotonic one (stepped, or a paused virtual machine whose
        // monotonic clock did not count the pause): samples are capture time, so they follow the wall
        // clock, on the same frame grid. Without this every mark after the step was off by it (11.36 s
        // in one bench/audio.sh run) and the video's stamps, which read the wall clock, disagreed.
        long wallSample =
                OpusRtp.sampleAt(clock.millis() * 1000 + (nextDeadlineNanos - now) / 1000) - OpusRtp.FRAME_SAMPLES;
        if (Math.abs(wallSample - nextSample) > CLOCK_STEP_SAMPLES) {
            nextSample +=
                    Math.round((wallSample - nextSample) / (double) OpusRtp.FRAME_SAMPLES) * OpusRtp.FRAME_SAMPLES;
        }
        while ((now = nanoTime.getAsLong()) < nextDeadlineNanos) {
            LockSupport.parkNanos(nextDeadlineNanos - now);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
        long first = nextSample;
        render(pcm, first);
        nextSample += OpusRtp.FRAME_SAMPLES;
        nextDeadlineNanos += frameNanos;
        return first;
    }

    /** The synthetic sound of the {@code pcm.length} samples from sample index {@code firstSample} on. */
    public static void render(short[] pcm, long firstSample) {
        TimingMarks.render(pcm, firstSample);
    }

    @Override
    public void close() {
        // nothing to release
    }
}
