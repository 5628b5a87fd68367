package io.p2pcam.protocol.audio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MarkToneTest {
    private static short[] tone(int hz, int amplitude, int samples, double phase) {
        short[] pcm = new short[samples];
        for (int i = 0; i < samples; i++) {
            pcm[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * i / OpusRtp.CLOCK_RATE + phase));
        }
        return pcm;
    }

    @Test
    void theMarksToneReachesItsOwnAmplitudeAndNoMoreWhateverItsPhase() {
        for (double phase : new double[] {0, 0.7, 2.1}) {
            short[] pcm = tone(TimingMarks.MARK_HZ, 10_000, 200, phase);

            assertThat(MarkTone.reaches(new short[0], pcm, 100, 9_950))
                    .as("phase %s", phase)
                    .isTrue();
            assertThat(MarkTone.reaches(new short[0], pcm, 100, 10_050))
                    .as("phase %s", phase)
                    .isFalse();
        }
    }

    @Test
    void anotherFrequencyOfTheSameAmplitudeHasNoneOfTheTone() {
        short[] pcm = tone(2 * TimingMarks.MARK_HZ, 16_000, 200, 0.3);

        assertThat(MarkTone.reaches(new short[0], pcm, 100, 100)).isFalse();
    }

    @Test
    void aWindowStartingBeforeTheseSamplesTakesTheRestFromTheEarlierOnes() {
        short[] sound = tone(TimingMarks.MARK_HZ, 10_000, 96, 0);
        short[] earlier = java.util.Arrays.copyOfRange(sound, 0, 60);
        short[] samples = java.util.Arrays.copyOfRange(sound, 60, 96);

        assertThat(MarkTone.reaches(earlier, samples, 10, 9_950)).isTrue();
        assertThat(MarkTone.reaches(new short[60], samples, 10, 9_950))
                .as("silence before: the window holds 11 samples of the tone")
                .isFalse();
    }
}
