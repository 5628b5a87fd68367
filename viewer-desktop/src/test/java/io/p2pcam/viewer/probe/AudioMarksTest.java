package io.p2pcam.viewer.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.media.codec.OpusDecoder;
import io.p2pcam.media.codec.OpusEncoder;
import io.p2pcam.protocol.audio.AudioJitterBuffer;
import io.p2pcam.protocol.audio.OpusRtp;
import io.p2pcam.protocol.audio.TimingMarks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioMarksTest {
    private static final Instant MARK = Instant.parse("2026-12-02T12:00:00.500Z");
    private static final long MARK_SAMPLE = OpusRtp.sampleAt(MARK.toEpochMilli() * 1000);

    @Test
    void aBurstAfterQuietIsAMarkWithItsPositionErrorAndLatency() {
        // Played 70 ms after the mark's capture time; the onset 7 ms (336 samples) after the mark.
        AudioMarks marks = new AudioMarks(Clock.fixed(MARK.plusMillis(70), ZoneOffset.UTC));
        short[] quiet = new short[OpusRtp.FRAME_SAMPLES];
        for (int i = 12; i > 0; i--) { // 240 ms of quiet before the mark's frame
            marks.play(quiet, OpusRtp.timestampOf(MARK_SAMPLE - (long) i * OpusRtp.FRAME_SAMPLES));
        }
        marks.play(tone(336), OpusRtp.timestampOf(MARK_SAMPLE));
        marks.play(tone(0), OpusRtp.timestampOf(MARK_SAMPLE + OpusRtp.FRAME_SAMPLES)); // still the same burst
        assertThat(marks.marks()).singleElement().satisfies(mark -> {
            assertThat(mark.markMicros()).isEqualTo(MARK.toEpochMilli() * 1000);
            assertThat(mark.positionErrorMicros()).isEqualTo(7_000);
            assertThat(mark.latencyMicros()).isEqualTo(77_000); // played at +70 ms, the onset 7 ms into the frame
        });
    }

    @Test
    void aMarkHeardAfterALostFrameSaysSoAndTheTraceHasEveryFrameAndMark(@TempDir Path dir) throws Exception {
        AudioMarks marks = new AudioMarks(Clock.fixed(MARK.plusMillis(90), ZoneOffset.UTC));
        short[] quiet = new short[OpusRtp.FRAME_SAMPLES];
        for (int i = 12; i > 0; i--) {
            marks.decided(new AudioJitterBuffer.Packet(0, OpusRtp.FRAME_SAMPLES, new byte[1]));
            marks.play(quiet, OpusRtp.timestampOf(MARK_SAMPLE - (long) i * OpusRtp.FRAME_SAMPLES));
        }
        marks.decided(new AudioJitterBuffer.Lost(
                OpusRtp.timestampOf(MARK_SAMPLE), OpusRtp.FRAME_SAMPLES)); // the burst's first frame
        marks.play(quiet, OpusRtp.timestampOf(MARK_SAMPLE));
        marks.decided(new AudioJitterBuffer.Packet(0, OpusRtp.FRAME_SAMPLES, new byte[1]));
        marks.play(tone(0), OpusRtp.timestampOf(MARK_SAMPLE + OpusRtp.FRAME_SAMPLES));

        assertThat(marks.marks()).singleElement().satisfies(mark -> {
            assertThat(mark.slots()).isEqualTo("PLP");
            assertThat(mark.afterLoss()).isTrue();
        });
        Path trace = dir.resolve("audio.trace");
        marks.writeTrace(trace);
        assertThat(Files.readAllLines(trace))
                .filteredOn(line -> line.startsWith("frame "))
                .hasSize(14)
                .last()
                .isEqualTo("frame 330.0 260.0 70.0 P 16384");
        assertThat(Files.readAllLines(trace)).contains("mark 240.0 90.0 20.0 PLP");
    }

    @Test
    void aBurstStartingAtTheEndOfAFrameIsFoundAcrossTheFramesBoundaryWithItsOwnFramesSlots() {
        // The tone starts 10 samples before the end of the mark's frame: the window that finds it
        // ends in the next frame, and its middle, the onset, is in the mark's frame.
        AudioMarks marks = new AudioMarks(Clock.fixed(MARK.plusMillis(70), ZoneOffset.UTC));
        short[] quiet = new short[OpusRtp.FRAME_SAMPLES];
        for (int i = 12; i > 0; i--) {
            marks.decided(new AudioJitterBuffer.Packet(0, OpusRtp.FRAME_SAMPLES, new byte[1]));
            marks.play(quiet, OpusRtp.timestampOf(MARK_SAMPLE - (long) i * OpusRtp.FRAME_SAMPLES));
        }
        marks.decided(new AudioJitterBuffer.Recovered(0, OpusRtp.FRAME_SAMPLES, new byte[1]));
        marks.play(tone(950), OpusRtp.timestampOf(MARK_SAMPLE));
        marks.decided(new AudioJitterBuffer.Packet(0, OpusRtp.FRAME_SAMPLES, new byte[1]));
        marks.play(tone(-10), OpusRtp.timestampOf(MARK_SAMPLE + OpusRtp.FRAME_SAMPLES));

        assertThat(marks.marks()).singleElement().satisfies(mark -> {
            assertThat(mark.positionErrorMicros()).isBetween(OpusRtp.microsOf(949), OpusRtp.microsOf(951));
            assertThat(mark.slots()).isEqualTo("PPR");
        });
    }

    @Test
    void aBurstUnderWayWhenListeningStartsIsNoMark() {
        AudioMarks marks = new AudioMarks(Clock.fixed(MARK.plusMillis(70), ZoneOffset.UTC));
        marks.play(tone(0), OpusRtp.timestampOf(MARK_SAMPLE + 480));
        assertThat(marks.marks()).isEmpty();
    }

    @Test
    void burstsStartingLateInTheirFramesAreFoundAtTheirStartsNotAtTheCodecsPreEcho() throws Exception {
        // The camera's frame grid puts each burst 585 samples into a 20 ms frame. Opus codes some
        // of these frames with noise spread back over the frame (CELT pre-echo), samples of it up
        // to a third of the burst's amplitude ~8 ms before the tone, in some marks and not others.
        int intoFrame = 585;
        long start = MARK_SAMPLE - intoFrame - 5L * TimingMarks.MARK_PERIOD_SAMPLES;
        AudioMarks marks = new AudioMarks(Clock.fixed(MARK.plusMillis(70), ZoneOffset.UTC));
        short[] pcm = new short[OpusRtp.FRAME_SAMPLES];
        try (OpusEncoder encoder = new OpusEncoder();
                OpusDecoder decoder = new OpusDecoder()) {
            for (int i = 0; i < 8 * 25; i++) {
                long firstSample = start + (long) i * OpusRtp.FRAME_SAMPLES;
                TimingMarks.render(pcm, firstSample);
                byte[] opus = encoder.encode(pcm);
                // A frame DTX left out is decoded as a missing one, as the viewer does.
                assertThat(opus == null ? decoder.conceal(pcm) : decoder.decode(opus, pcm))
                        .isEqualTo(OpusRtp.FRAME_SAMPLES);
                marks.play(pcm, OpusRtp.timestampOf(firstSample));
            }
        }

        // A mark every 500 ms but the first, under way when listening starts; each heard at its
        // capture time plus the codec's delay (312 samples, 6.5 ms), found within ~1 ms.
        assertThat(marks.marks())
                .hasSize(7)
                .allSatisfy(mark -> assertThat(mark.positionErrorMicros())
                        .as("%s", marks.marks())
                        .isBetween(6_500L - 1_000, 6_500L + 1_500));
    }

    /** A frame of the marks' tone at their amplitude, from sample {@code from} on (before the frame: its
     * rest), silence before. */
    private static short[] tone(int from) {
        short[] pcm = new short[OpusRtp.FRAME_SAMPLES];
        for (int i = Math.max(from, 0); i < pcm.length; i++) {
            double phase = 2 * Math.PI * TimingMarks.MARK_HZ * (i - from) / OpusRtp.CLOCK_RATE;
            pcm[i] = (short) Math.round(TimingMarks.MARK_AMPLITUDE * Math.sin(phase));
        }
        return pcm;
    }
}
