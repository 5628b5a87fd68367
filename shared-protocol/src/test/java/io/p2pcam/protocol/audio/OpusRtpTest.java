package io.p2pcam.protocol.audio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Opus packet durations and the empty frames that fill gaps (RFC 6716 §3.1's TOC byte). */
class OpusRtpTest {
    @Test
    void aPacketLastsItsFrameCountTimesItsConfigurationsFrameSize() {
        assertThat(OpusRtp.samplesOf(new byte[] {(byte) (9 << 3)}))
                .as("SILK WB 20 ms")
                .isEqualTo(960);
        assertThat(OpusRtp.samplesOf(new byte[] {(byte) (10 << 3)}))
                .as("SILK WB 40 ms")
                .isEqualTo(1_920);
        assertThat(OpusRtp.samplesOf(new byte[] {(byte) (9 << 3 | 1), 1, 2}))
                .as("2 × 20 ms")
                .isEqualTo(1_920);
        assertThat(OpusRtp.samplesOf(new byte[] {(byte) (31 << 3 | 3), 6}))
                .as("6 × CELT 20 ms")
                .isEqualTo(5_760);
        assertThat(OpusRtp.samplesOf(new byte[] {(byte) (31 << 3 | 3), 7}))
                .as("over 120 ms")
                .isEqualTo(-1);
        assertThat(OpusRtp.samplesOf(new byte[] {(byte) (16 << 3)}))
                .as("CELT NB 2.5 ms")
                .isEqualTo(120);
        assertThat(OpusRtp.samplesOf(new byte[0])).isEqualTo(-1);
    }

    @Test
    void theEmptyTenMillisecondFrameKeepsModeBandwidthAndChannels() {
        // {configuration in, configuration out}: SILK NB 60 ms, SILK WB 40 ms, hybrid FB 20 ms,
        // CELT SWB 5 ms, CELT FB 20 ms.
        int[][] configurations = {{3, 0}, {10, 8}, {15, 14}, {25, 26}, {31, 30}};
        for (int[] pair : configurations) {
            for (int stereo = 0; stereo <= 1; stereo++) {
                byte[] packet = {(byte) (pair[0] << 3 | stereo << 2 | 3), 2, 7, 7};
                byte[] empty = OpusRtp.emptyTenMillisecondFrameLike(packet);
                assertThat(empty)
                        .as("configuration %d, stereo %d", pair[0], stereo)
                        .containsExactly((byte) (pair[1] << 3 | stereo << 2));
                assertThat(OpusRtp.samplesOf(empty)).isEqualTo(480);
            }
        }
    }
}
