package io.p2pcam.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jaredmdobson.concentus.OpusPacketInfo;
import io.p2pcam.protocol.audio.OpusRtp;
import org.junit.jupiter.api.Test;

/** {@link OpusRtp#samplesOf} against a third-party implementation of RFC 6716 §3.1: Concentus's (libopus's) packet parser. */
class OpusPacketDurationTest {
    @Test
    void everyTocAndFrameCountGivesTheDurationConcentusGives() {
        int compared = 0;
        for (int toc = 0; toc < 256; toc++) {
            for (int count = 0; count < 256; count += (toc & 3) == 3 ? 1 : 256) {
                byte[] packet = {(byte) toc, (byte) count, 0, 0};
                int theirs = OpusPacketInfo.getNumSamples(packet, 0, packet.length, OpusRtp.CLOCK_RATE);
                int ours = OpusRtp.samplesOf(packet);
                assertThat(ours)
                        .as("TOC 0x%02x, second byte 0x%02x", toc, count)
                        // A code 3 count of 0 is 0 samples to libopus's getter, and invalid to its
                        // parser (RFC 6716 §3.2.5: M MUST NOT be zero): -1 here.
                        .isEqualTo(theirs <= 0 ? -1 : theirs);
                compared++;
            }
        }
        assertThat(compared).isEqualTo(64 * 3 + 64 * 256);
        assertThat(OpusRtp.samplesOf(new byte[0])).isEqualTo(-1);
        assertThat(OpusRtp.samplesOf(new byte[] {(byte) 0x0B}))
                .as("code 3 without its count byte")
                .isEqualTo(-1);
    }

    @Test
    void whatOurEncoderMakesIsOne20MsFrame() {
        try (OpusEncoder encoder = new OpusEncoder(false)) {
            short[] pcm = new short[OpusRtp.FRAME_SAMPLES];
            for (int frame = 0; frame < 50; frame++) {
                io.p2pcam.protocol.audio.TimingMarks.render(pcm, (long) frame * OpusRtp.FRAME_SAMPLES);
                assertThat(OpusRtp.samplesOf(encoder.encode(pcm))).isEqualTo(OpusRtp.FRAME_SAMPLES);
            }
        }
    }
}
