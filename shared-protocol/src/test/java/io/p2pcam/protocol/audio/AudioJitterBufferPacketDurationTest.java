package io.p2pcam.protocol.audio;

import static io.p2pcam.protocol.audio.AudioPackets.SSRC;
import static io.p2pcam.protocol.audio.AudioPackets.T0;
import static io.p2pcam.protocol.audio.AudioPackets.drain;
import static io.p2pcam.protocol.audio.AudioPackets.frame;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.media.RtpPacket;
import org.junit.jupiter.api.Test;

/** The jitter buffer plays 20 ms Opus packets only (docs/PROTOCOL.md §10.7); others are counted, not slotted. */
class AudioJitterBufferPacketDurationTest {
    @Test
    void packetsThatAreNotOne20MsFrameAreDroppedAndCountedWithoutTouchingTheSchedule() {
        AudioJitterBuffer buffer = new AudioJitterBuffer(40);
        buffer.offer(frame(0), 0);
        // What ffmpeg's libopus sends with -frame_duration 10 and 60 (SILK wideband, code 0), and no header at all.
        byte[][] unsupported = {{(byte) (8 << 3), 1}, {(byte) (11 << 3), 1}, {}};
        for (int i = 0; i < unsupported.length; i++) {
            buffer.offer(
                    new RtpPacket(
                            OpusRtp.PAYLOAD_TYPE,
                            false,
                            65_531 + i,
                            T0 + (i + 1L) * OpusRtp.FRAME_SAMPLES & 0xFFFF_FFFFL,
                            SSRC,
                            unsupported[i]),
                    10);
        }
        // Two 10 ms frames in one packet (code 1) are 20 ms: played.
        buffer.offer(
                new RtpPacket(
                        OpusRtp.PAYLOAD_TYPE,
                        false,
                        65_534,
                        T0 + 4L * OpusRtp.FRAME_SAMPLES & 0xFFFF_FFFFL,
                        SSRC,
                        new byte[] {(byte) (8 << 3 | 1), 1, 2}),
                20);

        assertThat(buffer.stats().unsupported()).isEqualTo(3);
        assertThat(buffer.stats().received()).isEqualTo(5);
        assertThat(buffer.stats().duplicates()).isZero();
        assertThat(drain(buffer, 130)) // slots at 40, 60, …, 120 ms
                .extracting(s -> s.getClass().getSimpleName())
                .as("the three sequence numbers missing are loss, the last one rebuilt from the next packet's FEC")
                .containsExactly("Packet", "Lost", "Lost", "Recovered", "Packet");
    }
}
