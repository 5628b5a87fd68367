package io.p2pcam.viewer.engine.audio;

import io.p2pcam.protocol.audio.OpusRtp;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * The capture clock of a microphone that is not a device (synthetic, a file): hands out 20 ms
 * frames at the pace a device would, each stamped with the capture time of its first sample, on one
 * frame grid. A reader that stalls loses the frames it missed, as with a device. Not thread-safe.
 */
final class PacedFrames {
    private static final long FRAME_NANOS = TimeUnit.MILLISECONDS.toNanos(OpusRtp.FRAME_MILLIS);
    private final Clock clock;
    private final LongSupplier nanoTime;
    private long nextSample = Long.MIN_VALUE;
    private long nextDeadlineNanos;

    PacedFrames(Clock clock, LongSupplier nanoTime) {
        this.clock = clock;
        this.nanoTime = nanoTime;
    }

    /** Waits until the next frame is complete; returns the capture time of its first sample. */
    long next() throws InterruptedException {
        long now = nanoTime.getAsLong();
        if (nextSample == Long.MIN_VALUE) {
            nextSample = OpusRtp.sampleAt(clock.millis() * 1000) - OpusRtp.FRAME_SAMPLES; // the frame that ends now
            nextDeadlineNanos = now;
        } else if (now - nextDeadlineNanos > 3 * FRAME_NANOS) {
            long missed = (now - nextDeadlineNanos) / FRAME_NANOS;
            nextSample += missed * OpusRtp.FRAME_SAMPLES;
            nextDeadlineNanos += missed * FRAME_NANOS;
        }
        while ((now = nanoTime.getAsLong()) < nextDeadlineNanos) {
            LockSupport.parkNanos(nextDeadlineNanos - now);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
        long first = nextSample;
        nextSample += OpusRtp.FRAME_SAMPLES;
        nextDeadlineNanos += FRAME_NANOS;
        return first;
    }
}
