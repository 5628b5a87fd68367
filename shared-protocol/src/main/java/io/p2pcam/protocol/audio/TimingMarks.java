package io.p2pcam.protocol.audio;

/**
 * The synthetic sound with timing marks that both directions use for measuring (the camera's
 * synthetic source, `probe --talk-synthetic`): silence with a {@link #MARK_HZ} Hz tone burst of
 * {@link #MARK_MILLIS} ms starting exactly at every {@link #MARK_PERIOD_MILLIS} ms of capture time
 * (UTC: 12:00:00.000, 12:00:00.500, …). Samples are a pure function of their capture time, so a
 * receiver that finds a burst's onset knows when it was captured. Silence between marks keeps the
 * onsets sharp.
 */
public final class TimingMarks {
    public static final int MARK_HZ = 1_000;
    public static final int MARK_MILLIS = 40;
    public static final int MARK_PERIOD_MILLIS = 500;
    public static final int MARK_PERIOD_SAMPLES = OpusRtp.CLOCK_RATE * MARK_PERIOD_MILLIS / 1000;
    /** Half of full scale (-6 dBFS). */
    public static final int MARK_AMPLITUDE = 16_384;

    private static final int MARK_SAMPLES = OpusRtp.CLOCK_RATE * MARK_MILLIS / 1000;
    private static final int RAMP_SAMPLES = OpusRtp.CLOCK_RATE / 1000; // 1 ms raised-cosine edges

    private TimingMarks() {}

    /** The marked sound of the {@code pcm.length} samples from sample index {@code firstSample} on. */
    public static void render(short[] pcm, long firstSample) {
        for (int i = 0; i < pcm.length; i++) {
            long sample = firstSample + i;
            long intoMark = Math.floorMod(sample, (long) MARK_PERIOD_SAMPLES);
            if (intoMark >= MARK_SAMPLES) {
                pcm[i] = 0;
                continue;
            }
            double envelope = 1.0;
            if (intoMark < RAMP_SAMPLES) {
                envelope = 0.5 - 0.5 * Math.cos(Math.PI * intoMark / RAMP_SAMPLES);
            } else if (intoMark >= MARK_SAMPLES - RAMP_SAMPLES) {
                envelope = 0.5 - 0.5 * Math.cos(Math.PI * (MARK_SAMPLES - intoMark) / RAMP_SAMPLES);
            }
            double phase = 2 * Math.PI * MARK_HZ * intoMark / OpusRtp.CLOCK_RATE;
            pcm[i] = (short) Math.round(MARK_AMPLITUDE * envelope * Math.sin(phase));
        }
    }
}
