package io.p2pcam.protocol.testing;

import io.p2pcam.protocol.audio.OpusRtp;
import io.p2pcam.protocol.audio.TimingMarks;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the {@link TimingMarks} bursts in played sound (a speaker's capture, a WAV file, ffmpeg's
 * output): an onset is a sample at or above a quarter of the burst's amplitude after at least
 * {@link #QUIET_MILLIS} ms below it. The sound before the first sample counts as loud: a burst
 * already under way when the sound starts is no onset (a decoder's first frame begins with its
 * delay in silence, so such a burst would look like one starting ~6.5 ms in).
 */
public final class MarkOnsets {
    public static final int QUIET_MILLIS = 200;
    public static final int THRESHOLD = TimingMarks.MARK_AMPLITUDE / 4;

    private MarkOnsets() {}

    /** The sample indexes where bursts start. */
    public static List<Integer> in(short[] samples) {
        List<Integer> onsets = new ArrayList<>();
        int quiet = OpusRtp.CLOCK_RATE * QUIET_MILLIS / 1000;
        int lastLoud = 0; // as if loud just before the start
        for (int i = 0; i < samples.length; i++) {
            if (Math.abs(samples[i]) >= THRESHOLD) {
                if (i - lastLoud > quiet) {
                    onsets.add(i);
                }
                lastLoud = i;
            }
        }
        return onsets;
    }
}
