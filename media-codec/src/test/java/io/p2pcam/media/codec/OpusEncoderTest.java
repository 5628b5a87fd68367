package io.p2pcam.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.audio.OpusRtp;
import io.p2pcam.protocol.audio.TimingMarks;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OpusEncoderTest {
    /** The packet sizes of {@code frames} frames of the marked sound from sample 0 (a mark at 0, every 500 ms); -1: not sent. */
    private static List<Integer> sizes(OpusEncoder encoder, int frames) {
        List<Integer> sizes = new ArrayList<>();
        short[] pcm = new short[OpusRtp.FRAME_SAMPLES];
        for (int frame = 0; frame < frames; frame++) {
            TimingMarks.render(pcm, (long) frame * OpusRtp.FRAME_SAMPLES);
            byte[] opus = encoder.encode(pcm);
            sizes.add(opus == null ? -1 : opus.length);
        }
        return sizes;
    }

    @Test
    void withoutDtxEveryFrameGivesOnePacket() {
        try (OpusEncoder encoder = new OpusEncoder(false)) {
            List<Integer> sizes = sizes(encoder, 50);

            assertThat(sizes).as("one packet per 20 ms frame").allMatch(size -> size > 0);
            assertThat(sizes.get(1)).as("the burst").isGreaterThan(40);
            assertThat(sizes.get(26)).as("the next burst").isGreaterThan(40);
            assertThat(encoder.silentFrames()).isZero();
        }
    }

    @Test
    void withDtxSilenceIsNotSentAfterAHangoverAndTheNextBurstIsSentFromItsFirstFrame() {
        try (OpusEncoder encoder = new OpusEncoder()) {
            List<Integer> sizes = sizes(encoder, 100);

            for (int mark = 0; mark < 4; mark++) {
                List<Integer> period = sizes.subList(25 * mark, 25 * mark + 25);
                assertThat(period.subList(0, 2))
                        .as("the burst, period %d: %s", mark, period)
                        .allMatch(size -> size > 40);
                assertThat(period.subList(2, 10))
                        .as("speech hangover: silence still sent for a while, period %d: %s", mark, period)
                        .allMatch(size -> size > OpusEncoder.DTX_PACKET_MAX_BYTES);
                assertThat(period.subList(13, 25))
                        .as("then nothing, up to the next burst's first frame, period %d: %s", mark, period)
                        .allMatch(size -> size == -1);
            }
            assertThat(encoder.silentFrames())
                    .isEqualTo(sizes.stream().filter(size -> size == -1).count());
        }
    }

    @Test
    void withDtxALongSilenceStillSendsAComfortNoiseFrameAtLeastEvery400Ms() {
        try (OpusEncoder encoder = new OpusEncoder()) {
            short[] pcm = new short[OpusRtp.FRAME_SAMPLES];
            TimingMarks.render(pcm, 0);
            encoder.encode(pcm);
            java.util.Arrays.fill(pcm, (short) 0);
            int lastSent = 0;
            int longestQuiet = 0;
            for (int frame = 1; frame <= 250; frame++) { // 5 s of digital silence
                if (encoder.encode(pcm) != null) {
                    longestQuiet = Math.max(longestQuiet, frame - lastSent - 1);
                    lastSent = frame;
                }
            }
            longestQuiet = Math.max(longestQuiet, 250 - lastSent);

            assertThat(encoder.silentFrames())
                    .as("most of 5 s of silence is not sent")
                    .isGreaterThan(200);
            assertThat(longestQuiet * OpusRtp.FRAME_MILLIS)
                    .as("the longest run of frames not sent, ms (a receiver's talk floor is held 500 ms)")
                    .isLessThan(500);
        }
    }

    @Test
    void everyFrameGivesAPacketTheOnesDtxLeavesOutBeingTheTocByteOfAFrameOfZeroBytes() {
        try (OpusEncoder dtx = new OpusEncoder();
                OpusEncoder withoutDtx = new OpusEncoder(false)) {
            short[] pcm = new short[OpusRtp.FRAME_SAMPLES];
            List<byte[]> leftOut = new ArrayList<>();
            for (int frame = 0; frame < 50; frame++) {
                TimingMarks.render(pcm, (long) frame * OpusRtp.FRAME_SAMPLES);
                byte[] packet = dtx.encodeEveryFrame(pcm);
                assertThat(packet).as("frame %d", frame).isNotEmpty();
                if (dtx.leftOut(packet)) {
                    leftOut.add(packet);
                }
                assertThat(withoutDtx.leftOut(withoutDtx.encodeEveryFrame(pcm))).isFalse();
            }

            assertThat(leftOut).hasSize((int) dtx.silentFrames()).hasSizeGreaterThan(20);
            assertThat(leftOut)
                    .as("one byte, frame count code 0 (RFC 6716 §3.1): one frame, of 0 bytes")
                    .allSatisfy(packet -> {
                        assertThat(packet).hasSize(1);
                        assertThat(packet[0] & 0x03).isZero();
                        assertThat(OpusRtp.emptyFrameLike(packet)).isEqualTo(packet);
                    });
        }
    }

    @Test
    void withDtxFramesOfDigitalSilenceLeftOutAreNotCoded() {
        try (OpusEncoder encoder = new OpusEncoder()) {
            List<Integer> sizes = sizes(encoder, 250); // 5 s of the marked sound: a 40 ms mark every 500 ms

            long leftOut = sizes.stream().filter(size -> size == -1).count();
            assertThat(leftOut).as("frames left out: %s", sizes).isGreaterThan(100);
            assertThat(encoder.codedFrames())
                    .as("the codec ran for the frames sent only")
                    .isEqualTo(250 - leftOut);
        }
    }

    @Test
    void withDtxQuietNoiseIsCodedEveryFrameAndTheCodecsOwnDtxDecides() {
        try (OpusEncoder encoder = new OpusEncoder()) {
            java.util.Random random = new java.util.Random(7);
            short[] pcm = new short[OpusRtp.FRAME_SAMPLES];
            for (int frame = 0; frame < 250; frame++) { // a microphone's noise floor, never digital silence
                for (int i = 0; i < pcm.length; i++) {
                    pcm[i] = (short) (random.nextInt(5) - 2);
                }
                pcm[0] = 1;
                encoder.encode(pcm);
            }

            assertThat(encoder.codedFrames()).isEqualTo(250);
            assertThat(encoder.silentFrames())
                    .as("left out by SILK's voice detector")
                    .isGreaterThan(100);
        }
    }

    @ParameterizedTest
    @EnumSource(SoundBand.class)
    void theBandCapsWhatTheCodecSaysItCodes(SoundBand band) {
        try (OpusEncoder encoder = new OpusEncoder(false, band)) {
            java.util.Random random = new java.util.Random(11);
            short[] pcm = new short[OpusRtp.FRAME_SAMPLES];
            List<Integer> configurations = new ArrayList<>();
            for (int frame = 0; frame < 50; frame++) { // loud white noise: sound in every band up to 24 kHz
                for (int i = 0; i < pcm.length; i++) {
                    pcm[i] = (short) (random.nextInt(16_001) - 8_000);
                }
                configurations.add((encoder.encode(pcm)[0] & 0xff) >> 3); // RFC 6716 §3.1: the TOC's config
            }

            // RFC 6716 §3.1, Table 2: 8-11 SILK-only wideband; 14-15 hybrid and 28-31 CELT-only fullband.
            if (band == SoundBand.WIDE) {
                assertThat(configurations).as("TOC configurations").allMatch(config -> config >= 8 && config <= 11);
            } else {
                assertThat(configurations.subList(10, 50))
                        .as("TOC configurations once the encoder has settled")
                        .allMatch(config -> config == 14 || config == 15 || config >= 28);
            }
        }
    }
}
