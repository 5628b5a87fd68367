package io.p2pcam.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.audio.AudioJitterBuffer;
import io.p2pcam.protocol.audio.OpusRtp;
import io.p2pcam.protocol.audio.TimingMarks;
import org.junit.jupiter.api.Test;

class SlotDecoderTest {
    private static int peak(short[] pcm) {
        int peak = 0;
        for (short sample : pcm) {
            peak = Math.max(peak, Math.abs(sample));
        }
        return peak;
    }

    @Test
    void aPacketIsDecodedALostFrameRepeatsTheLastFadingAndSilenceIsZeros() {
        short[] tone = new short[OpusRtp.FRAME_SAMPLES];
        short[] pcm = new short[OpusRtp.FRAME_SAMPLES];
        try (OpusEncoder encoder = new OpusEncoder();
                SlotDecoder decoder = new SlotDecoder()) {
            for (int frame = 0; frame < 2; frame++) { // the burst's first 40 ms
                TimingMarks.render(tone, (long) frame * OpusRtp.FRAME_SAMPLES);
                decoder.render(new AudioJitterBuffer.Packet(frame * 960L, encoder.encode(tone)), pcm);
            }
            int heard = peak(pcm);
            assertThat(heard).as("the tone decoded").isGreaterThan(TimingMarks.MARK_AMPLITUDE / 2);

            decoder.render(new AudioJitterBuffer.Lost(1920), pcm);
            assertThat(peak(pcm)).as("concealed: the last frame, quieter").isBetween(heard / 2, heard - 1);
            assertThat(decoder.concealedFrames()).isEqualTo(1);

            decoder.render(new AudioJitterBuffer.Silence(2880), pcm);
            assertThat(peak(pcm)).isZero();
            assertThat(decoder.decodeErrors()).isZero();
        }
    }

    @Test
    void aPacketTheDecoderRefusesIsConcealedAndCounted() {
        short[] pcm = new short[OpusRtp.FRAME_SAMPLES];
        try (SlotDecoder decoder = new SlotDecoder()) {
            // An Opus TOC byte saying "code 3" with a frame count of 0: invalid (RFC 6716 §3.2.5).
            decoder.render(new AudioJitterBuffer.Packet(0, new byte[] {(byte) 0x03, 0x00}), pcm);

            assertThat(decoder.decodeErrors()).isEqualTo(1);
            assertThat(decoder.concealedFrames()).isEqualTo(1);
        }
    }
}
