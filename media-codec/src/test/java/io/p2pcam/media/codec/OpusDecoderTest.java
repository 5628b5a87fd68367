package io.p2pcam.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.audio.OpusRtp;
import io.p2pcam.protocol.audio.TimingMarks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpusDecoderTest {
    private static final int FRAME = OpusRtp.FRAME_SAMPLES;

    /**
     * A SILK-only packet (TOC 0x04: narrowband, 10 ms, stereo) whose body is all ones, as AudioFuzzTest found it
     * (AudioFuzzTestInputs/opusDecoder/assertion-error-recover-0x04ff): asked for its in-band FEC,
     * Concentus throws AssertionError, which no catch of OpusException or RuntimeException stops.
     */
    private static byte[] malformed() {
        byte[] opus = new byte[42];
        Arrays.fill(opus, (byte) 0xff);
        opus[0] = 0x04;
        return opus;
    }

    /** Two seconds of the marked sound, encoded as the camera does, every frame sent. */
    private static List<byte[]> goodPackets() {
        List<byte[]> packets = new ArrayList<>();
        short[] pcm = new short[FRAME];
        try (OpusEncoder encoder = new OpusEncoder(false)) {
            for (int frame = 0; frame < 100; frame++) {
                TimingMarks.render(pcm, (long) frame * FRAME);
                packets.add(encoder.encode(pcm));
            }
        }
        return packets;
    }

    private static short[] decodeFresh(byte[] opus) {
        short[] pcm = new short[FRAME];
        try (OpusDecoder decoder = new OpusDecoder()) {
            assertThat(decoder.decode(opus, pcm)).isEqualTo(FRAME);
        }
        return pcm;
    }

    @Test
    void aPacketConcentusAssertsOnIsRefusedAndCountedOnce() {
        short[] pcm = new short[FRAME];
        try (OpusDecoder decoder = new OpusDecoder()) {
            int recovered = decoder.recover(malformed(), pcm);

            assertThat(recovered).isEqualTo(-1);
            assertThat(decoder.errors()).isEqualTo(1);
        }
    }

    @Test
    void aGoodPacketAfterABadOneDecodesToTheSameSamplesAsOnAFreshDecoder() {
        List<byte[]> good = goodPackets();
        short[] pcm = new short[FRAME];
        try (OpusDecoder decoder = new OpusDecoder()) {
            for (int frame = 0; frame < 50; frame++) {
                decoder.decode(good.get(frame), pcm);
            }
            decoder.recover(malformed(), pcm);
            int samples = decoder.decode(good.get(50), pcm);

            assertThat(samples).isEqualTo(FRAME);
            assertThat(pcm).isEqualTo(decodeFresh(good.get(50)));
        }
    }

    @Test
    void concealmentAfterABadPacketStillGivesAFrame() {
        List<byte[]> good = goodPackets();
        short[] pcm = new short[FRAME];
        try (OpusDecoder decoder = new OpusDecoder()) {
            decoder.decode(good.get(0), pcm);
            decoder.recover(malformed(), pcm);

            assertThat(decoder.conceal(pcm)).isEqualTo(FRAME);
            assertThat(decoder.decode(good.get(1), pcm)).isEqualTo(FRAME);
        }
    }
}
