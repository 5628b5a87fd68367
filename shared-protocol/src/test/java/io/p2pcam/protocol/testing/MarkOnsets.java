package io.p2pcam.protocol.testing;

import io.p2pcam.protocol.audio.MarkTone;
import io.p2pcam.protocol.audio.OpusRtp;
import io.p2pcam.protocol.audio.TimingMarks;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the {@link TimingMarks} bursts in played sound (a speaker's capture, a WAV file, ffmpeg's
 * output): an onset is where the burst's tone ({@link TimingMarks#MARK_HZ}) reaches {@link
 * #THRESHOLD}, half the burst's amplitude, after at least {@link #QUIET_MILLIS} ms below it. The
 * tone's amplitude is measured over one period of it ({@link #WINDOW_SAMPLES}, 1 ms) ending at each
 * sample, and the onset is the middle of the first window at or above the threshold: within 1 ms of
 * a clean burst's start.
 *
 * <p>The tone, not the samples: Opus codes a burst that starts late in a 20 ms frame with the frame's
 * CELT layer spreading noise back through it (pre-echo). Decoded, samples of that noise reached a
 * third of the burst's amplitude up to 8 ms before it, but only in some marks, as the encoder's
 * state had it: a quarter-amplitude sample threshold found those onsets ~390 samples early, mixed
 * with exact ones in one talk spurt (TalkbackToCameraTest). The tone's own amplitude in that noise
 * stayed below a sixth of the burst's (MarkedSoundThroughOpusTest).
 *
 * <p>The sound before the first sample counts as loud: a burst already under way when the sound
 * starts is no onset (a decoder's first frame begins with its delay in silence, so such a burst
 * would look like one starting ~6.5 ms in).
 */
public final class MarkOnsets {
    public static final int QUIET_MILLIS = 200;
    /** Half the burst's amplitude, of its tone. */
    public static final int THRESHOLD = TimingMarks.MARK_AMPLITUDE / 2;
    /** One period of the burst's tone: 48 samples. */
    public static final int WINDOW_SAMPLES = MarkTone.WINDOW_SAMPLES;

    private static final short[] NOTHING_EARLIER = new short[0];

    private MarkOnsets() {}

    /** The sample indexes where bursts start. */
    public static List<Integer> in(short[] samples) {
        List<Integer> onsets = new ArrayList<>();
        int quiet = OpusRtp.CLOCK_RATE * QUIET_MILLIS / 1000;
        int lastLoud = 0; // as if loud just before the start
        for (int end = WINDOW_SAMPLES - 1; end < samples.length; end++) {
            int start = end - WINDOW_SAMPLES + 1;
            if (MarkTone.reaches(NOTHING_EARLIER, samples, end, THRESHOLD)) {
                int middle = start + WINDOW_SAMPLES / 2;
                if (middle - lastLoud > quiet) {
                    onsets.add(middle);
                }
                lastLoud = middle;
            }
        }
        return onsets;
    }
}
