package io.p2pcam.protocol.audio;

/**
 * The amplitude of {@link TimingMarks}' tone in played sound, which is how a mark's onset is found
 * (probe's mark finder, the tests' `MarkOnsets`): a single-bin DFT at {@link TimingMarks#MARK_HZ}
 * over {@link #WINDOW_SAMPLES} samples, one period of the tone (1 ms). Measuring the tone rather
 * than the samples keeps an Opus frame's pre-echo, noise spread back through a frame before the
 * burst starts, from passing for the burst.
 */
public final class MarkTone {
    /** One period of the marks' tone: 48 samples. */
    public static final int WINDOW_SAMPLES = OpusRtp.CLOCK_RATE / TimingMarks.MARK_HZ;

    private static final double[] COSINE = new double[WINDOW_SAMPLES];
    private static final double[] SINE = new double[WINDOW_SAMPLES];

    static {
        for (int k = 0; k < WINDOW_SAMPLES; k++) {
            COSINE[k] = Math.cos(2 * Math.PI * k / WINDOW_SAMPLES);
            SINE[k] = Math.sin(2 * Math.PI * k / WINDOW_SAMPLES);
        }
    }

    private MarkTone() {}

    /**
     * Whether the tone's amplitude over the {@link #WINDOW_SAMPLES} samples ending at {@code
     * samples[end]} reaches {@code amplitude}. A window that starts before {@code samples[0]} takes
     * its first samples from the end of {@code earlier} (the sound played just before; at least
     * {@code WINDOW_SAMPLES - 1 - end} samples long).
     */
    public static boolean reaches(short[] earlier, short[] samples, int end, int amplitude) {
        double inPhase = 0;
        double quadrature = 0;
        int start = end - WINDOW_SAMPLES + 1;
        for (int k = 0; k < WINDOW_SAMPLES; k++) {
            int at = start + k;
            int x = at >= 0 ? samples[at] : earlier[earlier.length + at];
            inPhase += x * COSINE[k];
            quadrature += x * SINE[k];
        }
        // Compared squared: amplitude = 2 |sum of x e^-jwk| / window.
        double threshold = (double) amplitude * WINDOW_SAMPLES / 2;
        return inPhase * inPhase + quadrature * quadrature >= threshold * threshold;
    }
}
