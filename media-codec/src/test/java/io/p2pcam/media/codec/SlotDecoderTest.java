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
        try (SlotDecoder decoder = new SlotDecoder()) {
            for (int frame = 0; frame < packets.size(); frame++) {
                long timestamp = (long) frame * FRAME;
                AudioJitterBuffer.Slot slot = frame != lostFrame
                        ? packets.get(frame) == null
                                ? new AudioJitterBuffer.Silence(timestamp, FRAME) // DTX: not sent
                                : new AudioJitterBuffer.Packet(timestamp, FRAME, packets.get(frame))
                        : nextArrived
                                ? new AudioJitterBuffer.Recovered(timestamp, FRAME, packets.get(frame + 1))
                                : new AudioJitterBuffer.Lost(timestamp, FRAME);
                short[] pcm = decoder.render(slot);
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
        short[] pcm = null;
        try (OpusEncoder encoder = new OpusEncoder();
                SlotDecoder decoder = new SlotDecoder()) {
            for (int frame = 0; frame < 2; frame++) { // the burst's first 40 ms
                TimingMarks.render(tone, (long) frame * FRAME);
                pcm = decoder.render(new AudioJitterBuffer.Packet(frame * 960L, FRAME, encoder.encode(tone)));
            }
            int heard = peak(pcm);
            assertThat(heard).as("the tone decoded").isGreaterThan(TimingMarks.MARK_AMPLITUDE / 2);

            pcm = decoder.render(new AudioJitterBuffer.Lost(1920, FRAME));
            assertThat(peak(pcm))
                    .as("concealed: the sound goes on, no worse than heard")
                    .isBetween(1, heard * 2);
            for (int frame = 3; frame < 6; frame++) {
                pcm = decoder.render(new AudioJitterBuffer.Lost(frame * 960L, FRAME));
            }
            assertThat(peak(pcm))
                    .as("the fourth frame lost in a row is silence")
                    .isZero();
            assertThat(decoder.concealedFrames() * OpusRtp.FRAME_MILLIS).isEqualTo(SlotDecoder.MAX_CONCEALED_MILLIS);

            pcm = decoder.render(new AudioJitterBuffer.Silence(2880, FRAME));
            assertThat(peak(pcm)).isZero();
            assertThat(decoder.decodeErrors()).isZero();
        }
    }

    @Test
    void aPacketTheDecoderRefusesIsConcealedAndCounted() {
        try (SlotDecoder decoder = new SlotDecoder()) {
            // An Opus TOC byte saying "code 3" with a frame count of 0: invalid (RFC 6716 §3.2.5).
            decoder.render(new AudioJitterBuffer.Packet(0, FRAME, new byte[] {(byte) 0x03, 0x00}));

            assertThat(decoder.decodeErrors()).isEqualTo(1);
            assertThat(decoder.concealedFrames()).isEqualTo(1);
        }
    }

    /**
     * A third-party sender's 60 ms packets (ffmpeg's {@code -frame_duration 60}): each decodes into
     * a slot of 2,880 samples; a lost one is rebuilt whole from the next one's in-band FEC, or
     * concealed for 60 ms and no longer.
     */
    @Test
    void sixtyMillisecondPacketsDecodeRebuildAndConcealAsWholeFrames() throws Exception {
        int samples = 3 * FRAME;
        io.github.jaredmdobson.concentus.OpusEncoder encoder = new io.github.jaredmdobson.concentus.OpusEncoder(
                OpusRtp.CLOCK_RATE,
                OpusRtp.CHANNELS,
                io.github.jaredmdobson.concentus.OpusApplication.OPUS_APPLICATION_VOIP);
        encoder.setBitrate(32_000); // as the camera codes: hybrid, 60 ms as three frames of 20 (code 3)
        encoder.setUseInbandFEC(true);
        encoder.setPacketLossPercent(10);
        List<byte[]> packets = new ArrayList<>();
        short[] tone = new short[samples];
        for (int i = 0; i < 10; i++) {
            for (int s = 0; s < samples; s++) { // a loud tone whose loudness moves, as speech does
                long t = (long) i * samples + s;
                tone[s] = (short) (12_000
                        * Math.sin(2 * Math.PI * 300 * t / 48_000.0)
                        * (0.3 + 0.7 * Math.abs(Math.sin(t / 4_000.0))));
            }
            byte[] packet = new byte[1_275];
            int length = encoder.encode(tone, 0, samples, packet, 0, packet.length);
            packets.add(java.util.Arrays.copyOf(packet, length));
        }
        assertThat(OpusRtp.samplesOf(packets.getFirst())).isEqualTo(samples);
        // A decoder that heard nothing before conceals with silence: the tone can only come from the
        // FEC, which SILK codes while the sound is active (most of the packets here).
        int rebuiltLoud = 0;
        for (int i = 1; i < packets.size(); i++) {
            try (SlotDecoder fresh = new SlotDecoder()) {
                short[] rebuilt =
                        fresh.render(new AudioJitterBuffer.Recovered((i - 1L) * samples, samples, packets.get(i)));
                rebuiltLoud += peak(rebuilt) > 3_000 ? 1 : 0;
            }
        }
        assertThat(rebuiltLoud)
                .as("60 ms frames rebuilt from the next packet's FEC, of 9")
                .isGreaterThanOrEqualTo(5);
        try (SlotDecoder decoder = new SlotDecoder()) {
            for (int i = 0; i < 5; i++) {
                short[] pcm = decoder.render(new AudioJitterBuffer.Packet((long) i * samples, samples, packets.get(i)));
                assertThat(pcm).hasSize(samples);
            }
            short[] rebuilt = decoder.render(new AudioJitterBuffer.Recovered(5L * samples, samples, packets.get(6)));
            assertThat(rebuilt).hasSize(samples);
            assertThat(decoder.recoveredFrames()).isEqualTo(1);
            decoder.render(new AudioJitterBuffer.Packet(6L * samples, samples, packets.get(6)));

            short[] concealed = decoder.render(new AudioJitterBuffer.Lost(7L * samples, samples));
            assertThat(peak(concealed)).as("60 ms concealed: the sound goes on").isPositive();
            short[] silence = decoder.render(new AudioJitterBuffer.Lost(8L * samples, samples));
            assertThat(peak(silence)).as("past 60 ms of loss: silence").isZero();
            assertThat(decoder.concealedFrames()).isEqualTo(1);
            assertThat(decoder.decodeErrors()).isZero();
        }
    }
}
