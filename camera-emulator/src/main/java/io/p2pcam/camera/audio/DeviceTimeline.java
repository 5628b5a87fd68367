package io.p2pcam.camera.audio;

import io.p2pcam.protocol.audio.OpusRtp;

/**
 * Capture times for a sound device's frames: the device delivers samples in bursts, and the
 * moment a burst arrives says roughly when its last sample was captured (never earlier). Counting
 * samples from the first burst on gives every frame an exact, gap-free 48 kHz timeline (what
 * receivers need to play it without clicks); comparing the count with the arrival times keeps it
 * honest:
 *
 * <ul>
 *   <li>arrivals later than the count by more than {@link #LATE_RESYNC_SAMPLES} (the device lost
 *       samples in an overrun, or the reader stalled): the timeline jumps forward to the arrival
 *       time, which receivers hear as one gap;
 *   <li>arrivals earlier than the count say the first burst was held up (a sound server's start)
 *       or that the device's clock runs fast: only past {@link #EARLY_RESYNC_SAMPLES} does the
 *       timeline move back (an overlap receivers treat as late frames), so start-up jitter never
 *       does it.
 * </ul>
 *
 * Not thread-safe.
 */
final class DeviceTimeline {
    /** 60 ms: more than a burst's jitter, less than what a viewer would notice in lip sync. */
    static final long LATE_RESYNC_SAMPLES = OpusRtp.CLOCK_RATE * 60L / 1000;
    /** 250 ms: more than any start-up delay seen (PulseAudio's first fragment, ~75 ms). */
    static final long EARLY_RESYNC_SAMPLES = OpusRtp.CLOCK_RATE * 250L / 1000;

    private long nextSample = Long.MIN_VALUE;
    private long resyncs;

    /**
     * The capture time of the next frame's first sample, given what the device has delivered so far.
     *
     * @param arrivalSample when the last delivered sample arrived, in 48 kHz samples since 1970
     * @param bufferedSamples samples delivered and not yet taken, the next frame's included
     */
    long nextFrame(long arrivalSample, int bufferedSamples) {
        long measured = arrivalSample - bufferedSamples;
        if (nextSample == Long.MIN_VALUE) {
            nextSample = measured;
        } else if (measured - nextSample > LATE_RESYNC_SAMPLES || nextSample - measured > EARLY_RESYNC_SAMPLES) {
            nextSample = measured;
            resyncs++;
        }
        long first = nextSample;
        nextSample += OpusRtp.FRAME_SAMPLES;
        return first;
    }

    /** How often the timeline started again (device overruns, stalls or clock drift). */
    long resyncs() {
        return resyncs;
    }
}
