package io.p2pcam.camera.audio;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.media.codec.OpusDecoder;
import io.p2pcam.media.codec.OpusEncoder;
import io.p2pcam.protocol.audio.OpusRtp;
import io.p2pcam.protocol.audio.TimingMarks;
import io.p2pcam.protocol.testing.MarkOnsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The marked sound through the real Opus encoder (with DTX, as sent) and decoder, without a clock:
 * where its bursts' onsets come out of the decoder, whatever the instant the talk starts at. With
 * DTX the silence before each burst is not sent, and the onset still comes out at the codec's delay.
 */
class MarkedSoundThroughOpusTest {
    /** {@code frames} frames of the marked sound from sample {@code firstSample} on, encoded and decoded. */
    private static short[] throughOpus(long firstSample, int frames) throws Exception {
        short[] all = new short[frames * OpusRtp.FRAME_SAMPLES];
        short[] pcm = new short[OpusRtp.FRAME_SAMPLES];
        try (OpusEncoder encoder = new OpusEncoder();
                OpusDecoder decoder = new OpusDecoder()) {
            for (int i = 0; i < frames; i++) {
                TimingMarks.render(pcm, firstSample + (long) i * OpusRtp.FRAME_SAMPLES);
                byte[] opus = encoder.encode(pcm);
                // A frame DTX left out is decoded as a missing one, as a receiver does.
                int decoded = opus == null ? decoder.conceal(pcm) : decoder.decode(opus, pcm);
                assertThat(decoded).isEqualTo(OpusRtp.FRAME_SAMPLES);
                System.arraycopy(pcm, 0, all, i * OpusRtp.FRAME_SAMPLES, pcm.length);
            }
        }
        return all;
    }

    @Test
    void talkStartingInTheMiddleOfABurstHasItsMarksHalfASecondApart() throws Exception {
        // 2026-12-03 00:00:00 UTC plus 32 ms: a burst (40 ms) is under way when the talk starts.
        long mark = OpusRtp.sampleAt(1_796_256_000_000_000L);
        short[] heard = throughOpus(mark + 32 * OpusRtp.CLOCK_RATE / 1000, 75);

        List<Integer> onsets = MarkOnsets.in(heard);

        assertThat(onsets)
                .as("1.5 s holds three whole marks after the one under way")
                .hasSize(3);
        for (int i = 1; i < onsets.size(); i++) {
            assertThat(onsets.get(i) - onsets.get(i - 1))
                    .as("onsets %s", onsets)
                    .isBetween(24_000 - 480, 24_000 + 480);
        }
    }

    @Test
    void talkStartingBetweenBurstsHasItsMarksHalfASecondApartAtTheCodecsDelay() throws Exception {
        long mark = OpusRtp.sampleAt(1_796_256_000_000_000L);
        long start = mark + 300 * OpusRtp.CLOCK_RATE / 1000;
        short[] heard = throughOpus(start, 75);

        List<Integer> onsets = MarkOnsets.in(heard);

        assertThat(onsets).hasSize(3);
        for (int i = 1; i < onsets.size(); i++) {
            assertThat(onsets.get(i) - onsets.get(i - 1))
                    .as("onsets %s", onsets)
                    .isBetween(24_000 - 480, 24_000 + 480);
        }
        // The first onset is the next mark's, 200 ms in, late by the decoder's delay (~6.5 ms) at most.
        assertThat(onsets.getFirst() - 200 * 48).isBetween(0, 480);
    }

    @Test
    void burstsStartingLateInTheirFramesAreFoundAtTheirStartsNotAtTheCodecsPreEcho() throws Exception {
        // Each burst starts 585 samples into a 20 ms frame (a talk started at that instant: the frame
        // grid is the microphone's). Opus codes some of these frames' last 7 ms of tone with noise
        // spread back over the frame, up to a third of the burst's amplitude ~8 ms before it, in some
        // marks and not others (here the third and fifth: a quarter-amplitude sample threshold found
        // them 397 samples early); those onsets must not be found early.
        long mark = OpusRtp.sampleAt(1_796_256_000_000_000L);
        int intoFrame = 585;
        long start = mark - intoFrame - 5L * TimingMarks.MARK_PERIOD_SAMPLES;
        short[] heard = throughOpus(start, 8 * 25);

        List<Integer> onsets = MarkOnsets.in(heard);

        assertThat(onsets).as("a mark every 500 ms but the first, under way").hasSize(7);
        for (int i = 0; i < onsets.size(); i++) {
            // Burst i + 1 (burst 0 is under way at the start) is heard at its capture sample plus the
            // codec's delay (312 samples), found within the 1 ms the onset finder takes.
            int expected = (i + 1) * TimingMarks.MARK_PERIOD_SAMPLES + intoFrame + 312;
            assertThat(onsets.get(i) - expected).as("onsets %s", onsets).isBetween(-48, 96);
        }
    }
}
