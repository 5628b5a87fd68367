package io.p2pcam.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.audio.AudioJitterBuffer;
import io.p2pcam.protocol.audio.OpusRtp;
import io.p2pcam.protocol.audio.TimingMarks;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlotDecoderTest {
    private static final int FRAME = OpusRtp.FRAME_SAMPLES;

    private static int peak(short[] pcm) {
        int peak = 0;
        for (short sample : pcm) {
            peak = Math.max(peak, Math.abs(sample));
        }
        return peak;
    }

    /** The marked sound, 2 s from sample {@code first} on, encoded as the camera does (null: left out by DTX). */
    private static List<byte[]> markedSound(long first) {
        List<byte[]> packets = new ArrayList<>();
        short[] pcm = new short[FRAME];
        try (OpusEncoder encoder = new OpusEncoder()) {
            for (int frame = 0; frame < 100; frame++) {
                TimingMarks.render(pcm, first + (long) frame * FRAME);
                packets.add(encoder.encode(pcm));
            }
        }
        return packets;
    }

    /** The sample, counted from the first frame's, where the burst of the mark at 1 s is first heard loud. */
    private static long onsetOfTheSecondMark(List<byte[]> packets, int lostFrame, boolean nextArrived) {
        short[] pcm = new short[FRAME];
        try (SlotDecoder decoder = new SlotDecoder()) {
            for (int frame = 0; frame < packets.size(); frame++) {
                long timestamp = (long) frame * FRAME;
                AudioJitterBuffer.Slot slot = frame != lostFrame
                        ? packets.get(frame) == null
                                ? new AudioJitterBuffer.Silence(timestamp) // DTX: not sent
                                : new AudioJitterBuffer.Packet(timestamp, packets.get(frame))
                        : nextArrived
                                ? new AudioJitterBuffer.Recovered(timestamp, packets.get(frame + 1))
                                : new AudioJitterBuffer.Lost(timestamp);
                decoder.render(slot, pcm);
                for (int i = 0; i < FRAME; i++) {
                    if (frame >= 45 && Math.abs(pcm[i]) >= TimingMarks.MARK_AMPLITUDE / 4) {
                        return timestamp + i;
                    }
                }
            }
        }
        throw new AssertionError("no onset heard");
    }

    @Test
    void aFrameLostAtATimingMarksOnsetIsHeardOnTimeWhenTheNextPacketCarriesItsFec() {
        long first = 48_000L * 1_000 + 240; // frames 5 ms off the marks' grid, as a camera's may be
        List<byte[]> packets = markedSound(first);
        long heard = onsetOfTheSecondMark(packets, -1, false);
        int onsetFrame = (int) (heard / FRAME);

        long concealed = onsetOfTheSecondMark(packets, onsetFrame, false);
        long recovered = onsetOfTheSecondMark(packets, onsetFrame, true);

        assertThat((concealed - heard) * 1000 / OpusRtp.CLOCK_RATE)
                .as("concealed: the burst is heard from the next frame on, ms later")
                .isGreaterThanOrEqualTo(15);
        assertThat(Math.abs(recovered - heard) * 1000 / OpusRtp.CLOCK_RATE)
                .as("rebuilt from the FEC: on time")
                .isLessThanOrEqualTo(1);
    }

    @Test
    void aLostFrameIsConcealedByTheDecoderForSixtyMillisecondsThenSilence() {
        short[] tone = new short[FRAME];
        short[] pcm = new short[FRAME];
        try (OpusEncoder encoder = new OpusEncoder();
                SlotDecoder decoder = new SlotDecoder()) {
            for (int frame = 0; frame < 2; frame++) { // the burst's first 40 ms
                TimingMarks.render(tone, (long) frame * FRAME);
                decoder.render(new AudioJitterBuffer.Packet(frame * 960L, encoder.encode(tone)), pcm);
            }
            int heard = peak(pcm);
            assertThat(heard).as("the tone decoded").isGreaterThan(TimingMarks.MARK_AMPLITUDE / 2);

            decoder.render(new AudioJitterBuffer.Lost(1920), pcm);
            assertThat(peak(pcm))
                    .as("concealed: the sound goes on, no worse than heard")
                    .isBetween(1, heard * 2);
            for (int frame = 3; frame < 6; frame++) {
                decoder.render(new AudioJitterBuffer.Lost(frame * 960L), pcm);
            }
            assertThat(peak(pcm))
                    .as("the fourth frame lost in a row is silence")
                    .isZero();
            assertThat(decoder.concealedFrames()).isEqualTo(SlotDecoder.MAX_CONCEALED_FRAMES);

            decoder.render(new AudioJitterBuffer.Silence(2880), pcm);
            assertThat(peak(pcm)).isZero();
            assertThat(decoder.decodeErrors()).isZero();
        }
    }

    @Test
    void aPacketTheDecoderRefusesIsConcealedAndCounted() {
        short[] pcm = new short[FRAME];
        try (SlotDecoder decoder = new SlotDecoder()) {
            // An Opus TOC byte saying "code 3" with a frame count of 0: invalid (RFC 6716 §3.2.5).
            decoder.render(new AudioJitterBuffer.Packet(0, new byte[] {(byte) 0x03, 0x00}), pcm);

            assertThat(decoder.decodeErrors()).isEqualTo(1);
            assertThat(decoder.concealedFrames()).isEqualTo(1);
        }
    }
}
