package io.p2pcam.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.audio.OpusRtp;
import io.p2pcam.protocol.audio.TimingMarks;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The frames of digital silence that DTX still codes (hangover, comfort noise) are coded at {@link
 * OpusEncoder#SILENCE_COMPLEXITY}, the frames of sound at their band's complexity, and what a
 * receiver decodes is the same sound (docs/decisions/0084).
 */
class OpusEncoderSilenceComplexityTest {
    private static final int FRAMES = 100; // 2 s of the marked sound: four marks, each 2 frames of sound then silence

    private static boolean digitalSilence(short[] pcm) {
        for (short sample : pcm) {
            if (sample != 0) {
                return false;
            }
        }
        return true;
    }

    @Test
    void codedFramesOfDigitalSilenceAreCodedAtTheLowestComplexityAndFramesOfSoundAtTheProducts() {
        try (OpusEncoder encoder = new OpusEncoder()) {
            short[] pcm = new short[OpusRtp.FRAME_SAMPLES];
            int soundFrames = 0;
            int codedSilences = 0;
            for (int frame = 0; frame < FRAMES; frame++) {
                TimingMarks.render(pcm, (long) frame * OpusRtp.FRAME_SAMPLES + 300); // marks across frame edges
                long coded = encoder.codedFrames();
                encoder.encode(pcm);
                if (encoder.codedFrames() == coded) {
                    continue; // left out uncoded
                }
                if (digitalSilence(pcm)) {
                    codedSilences++;
                    assertThat(encoder.complexityOfLastFrame())
                            .as("frame %d, digital silence", frame)
                            .isEqualTo(0);
                } else {
                    soundFrames++;
                    assertThat(encoder.complexityOfLastFrame())
                            .as("frame %d, sound", frame)
                            .isEqualTo(SoundBand.WIDE.complexity());
                }
            }

            assertThat(soundFrames).as("the marks' frames").isEqualTo(4 * 3);
            assertThat(codedSilences)
                    .as("the hangovers after the marks")
                    .isEqualTo(4 * DigitalSilenceDtx.HANGOVER_FRAMES);
        }
    }

    @ParameterizedTest
    @EnumSource(SoundBand.class)
    void whatAReceiverDecodesIsTheSameSoundAsWithEveryFrameAtTheProductsComplexity(SoundBand band) {
        List<short[]> cheap = decoded(new OpusEncoder(true, band));
        List<short[]> uniform = decoded(new OpusEncoder(true, band.complexity(), band.complexity(), band));

        int loudestInASilence = 0;
        int loudestInASilenceToday = 0;
        for (int mark = 0; mark < FRAMES / 25; mark++) {
            double cheapEnergy = 0;
            double uniformEnergy = 0;
            int cheapPeak = 0;
            int uniformPeak = 0;
            for (int frame = 25 * mark; frame < 25 * mark + 4; frame++) { // the mark and its decay
                for (int i = 0; i < OpusRtp.FRAME_SAMPLES; i++) {
                    cheapEnergy += (double) cheap.get(frame)[i] * cheap.get(frame)[i];
                    uniformEnergy += (double) uniform.get(frame)[i] * uniform.get(frame)[i];
                    cheapPeak = Math.max(cheapPeak, Math.abs(cheap.get(frame)[i]));
                    uniformPeak = Math.max(uniformPeak, Math.abs(uniform.get(frame)[i]));
                }
            }
            // Within 0.75 dB, below the ~1 dB step a listener hears in a level: SILK's predictors carry the
            // cheaper hangover into the next mark's coding (wideband mark 3: +0.5 dB, fullband mark 1: +0.3 dB).
            assertThat(cheapEnergy / uniformEnergy)
                    .as("mark %d's energy against today's", mark)
                    .isBetween(0.84, 1.19);
            assertThat((double) cheapPeak / uniformPeak)
                    .as("mark %d's peak against today's", mark)
                    .isBetween(0.84, 1.19);
            for (int frame = 25 * mark + 4; frame < 25 * mark + 25; frame++) { // the silence after
                for (int i = 0; i < OpusRtp.FRAME_SAMPLES; i++) {
                    loudestInASilence = Math.max(loudestInASilence, Math.abs(cheap.get(frame)[i]));
                    loudestInASilenceToday = Math.max(loudestInASilenceToday, Math.abs(uniform.get(frame)[i]));
                }
            }
        }
        assertThat(loudestInASilence)
                .as("the loudest sample decoded in a silence (%d at the product's complexity)", loudestInASilenceToday)
                .isLessThanOrEqualTo(loudestInASilenceToday * 5 / 4); // within 2 dB: a tail at -47 dBFS either way
    }

    /** The marked sound through {@code encoder} (closed after) and a decoder, frames DTX leaves out concealed. */
    private static List<short[]> decoded(OpusEncoder encoder) {
        List<short[]> frames = new ArrayList<>();
        try (encoder;
                OpusDecoder decoder = new OpusDecoder()) {
            short[] pcm = new short[OpusRtp.FRAME_SAMPLES];
            for (int frame = 0; frame < FRAMES; frame++) {
                TimingMarks.render(pcm, (long) frame * OpusRtp.FRAME_SAMPLES + 300);
                byte[] opus = encoder.encode(pcm);
                short[] out = new short[OpusRtp.FRAME_SAMPLES];
                if (opus == null) decoder.conceal(out);
                else decoder.decode(opus, out);
                frames.add(out);
            }
        }
        return frames;
    }
}
