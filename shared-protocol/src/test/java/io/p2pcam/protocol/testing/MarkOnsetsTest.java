package io.p2pcam.protocol.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.audio.OpusRtp;
import io.p2pcam.protocol.audio.TimingMarks;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MarkOnsetsTest {
    private static final long MARK = OpusRtp.sampleAt(1_796_256_000_000_000L);
    private static final int NOISE = TimingMarks.MARK_AMPLITUDE / 3;

    /** {@code delay} samples of silence (a decoder's delay), then {@code length} samples of marked sound from {@code first} on. */
    private static short[] sound(int delay, long first, int length) {
        short[] marked = new short[length];
        TimingMarks.render(marked, first);
        short[] all = new short[delay + length];
        System.arraycopy(marked, 0, all, delay, length);
        return all;
    }

    @Test
    void aBurstUnderWayWhenTheSoundStartsIsNoOnsetEvenAfterADecodersSilentDelay() {
        short[] samples = sound(312, MARK + 32 * 48, 72_400);

        // Marks at 500, 1000 and 1500 ms less the 32 ms already past, found within 1 ms of their start.
        assertOnsetsNear(
                MarkOnsets.in(samples), 312 + 24_000 - 32 * 48, 312 + 48_000 - 32 * 48, 312 + 72_000 - 32 * 48);
    }

    @Test
    void burstsAfterQuietAreFoundWhereTheyStart() {
        short[] samples = sound(0, MARK - 10_000, 60_000);

        assertOnsetsNear(MarkOnsets.in(samples), 10_000, 34_000, 58_000);
    }

    @Test
    void noiseSpreadBeforeABurstByACodecIsNoOnset() {
        // Opus's pre-echo: broadband noise up to a third of the burst's amplitude in the 8 ms before it.
        short[] samples = sound(0, MARK - 20_000, 40_000);
        Random random = new Random(7);
        for (int i = 20_000 - 400; i < 20_000; i++) {
            samples[i] = (short) (random.nextInt(2 * NOISE + 1) - NOISE);
        }

        assertOnsetsNear(MarkOnsets.in(samples), 20_000);
    }

    @Test
    void aBurstOfHalfTheMarksAmplitudeIsFoundAndOneOfAThirdIsNot() {
        short[] samples = sound(0, MARK - 10_000, 40_000);
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) (samples[i] * (i < 20_000 ? 0.55 : 0.33));
        }

        assertOnsetsNear(MarkOnsets.in(samples), 10_000);
    }

    /** The onsets are the expected ones, each up to 1 ms late (the 1 ms ramp up to the threshold). */
    private static void assertOnsetsNear(List<Integer> onsets, int... expected) {
        assertThat(onsets).as("onsets").hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(onsets.get(i) - expected[i]).as("onsets %s", onsets).isBetween(0, 48);
        }
    }
}
