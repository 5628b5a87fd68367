package io.p2pcam.protocol.audio;

import java.util.Arrays;

/**
 * Fills a lost 20 ms frame by repeating the last one heard, fading (×{@link #FADE} per frame),
 * for at most {@link #MAX_FRAMES} frames in a row; longer losses fade into silence, which is then
 * a gap heard. A repetition of voiced sound covers a short loss far better than a click of
 * silence (the idea of ITU-T G.711 Appendix I, without its pitch search).
 *
 * <p>Not thread-safe: the player's thread uses it.
 */
public final class Concealment {
    public static final int MAX_FRAMES = 3;
    public static final double FADE = 0.6;

    private final short[] last;
    private int run;
    private long concealedFrames;

    public Concealment(int frameSamples) {
        this.last = new short[frameSamples];
    }

    /** A frame was heard: the next loss repeats it. */
    public void heard(short[] pcm) {
        System.arraycopy(pcm, 0, last, 0, last.length);
        run = 0;
    }

    /** Silence was heard (the sender skipped time): a loss after it stays silent. */
    public void silence() {
        Arrays.fill(last, (short) 0);
        run = 0;
    }

    /** Writes the stand-in for one lost frame into {@code out}. */
    public void conceal(short[] out) {
        run++;
        if (run > MAX_FRAMES) {
            Arrays.fill(out, (short) 0);
            return;
        }
        concealedFrames++;
        double gain = Math.pow(FADE, run);
        for (int i = 0; i < out.length; i++) {
            out[i] = (short) Math.round(last[i] * gain);
        }
    }

    /** Frames filled by repetition (not the silent ones after {@link #MAX_FRAMES}). */
    public long concealedFrames() {
        return concealedFrames;
    }
}
