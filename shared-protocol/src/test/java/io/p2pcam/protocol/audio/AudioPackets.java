package io.p2pcam.protocol.audio;

import io.p2pcam.protocol.media.RtpPacket;
import java.util.ArrayList;
import java.util.List;

/** Packets and a drain for the audio jitter buffer's tests: one stream, its timestamps wrapping. */
final class AudioPackets {
    static final long SSRC = 0x1234_5678L;
    static final long T0 = 0xFFFF_F000L; // the timestamps wrap during the tests

    /** A 20 ms packet (TOC: SILK narrowband 20 ms, one frame) whose one byte of data tells which. */
    static byte[] opus(int which) {
        return new byte[] {(byte) (1 << 3), (byte) which};
    }

    static RtpPacket frame(int index) {
        return new RtpPacket(
                OpusRtp.PAYLOAD_TYPE,
                index == 0,
                65_530 + index & 0xFFFF,
                T0 + (long) index * OpusRtp.FRAME_SAMPLES & 0xFFFF_FFFFL,
                SSRC,
                opus(index));
    }

    static List<AudioJitterBuffer.Slot> drain(AudioJitterBuffer buffer, long now) {
        List<AudioJitterBuffer.Slot> slots = new ArrayList<>();
        AudioJitterBuffer.Slot slot;
        while ((slot = buffer.poll(now)) != null) {
            slots.add(slot);
        }
        return slots;
    }

    private AudioPackets() {}
}
