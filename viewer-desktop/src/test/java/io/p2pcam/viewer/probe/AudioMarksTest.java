package io.p2pcam.viewer.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.audio.AudioJitterBuffer;
import io.p2pcam.protocol.audio.OpusRtp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
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
        short[] burst = new short[OpusRtp.FRAME_SAMPLES];
        for (int i = 336; i < burst.length; i++) {
            burst[i] = (short) (i % 2 == 0 ? 12_000 : -12_000);
        }
        marks.play(burst, OpusRtp.timestampOf(MARK_SAMPLE));
        marks.play(burst, OpusRtp.timestampOf(MARK_SAMPLE + OpusRtp.FRAME_SAMPLES)); // still the same burst
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
        short[] burst = new short[OpusRtp.FRAME_SAMPLES];
        Arrays.fill(burst, (short) 12_000);
        marks.decided(new AudioJitterBuffer.Packet(0, OpusRtp.FRAME_SAMPLES, new byte[1]));
        marks.play(burst, OpusRtp.timestampOf(MARK_SAMPLE + OpusRtp.FRAME_SAMPLES));

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
                .isEqualTo("frame 330.0 260.0 70.0 P 12000");
        assertThat(Files.readAllLines(trace)).contains("mark 240.0 90.0 20.0 PLP");
    }

    @Test
    void aBurstUnderWayWhenListeningStartsIsNoMark() {
        AudioMarks marks = new AudioMarks(Clock.fixed(MARK.plusMillis(70), ZoneOffset.UTC));
        short[] loud = new short[OpusRtp.FRAME_SAMPLES];
        Arrays.fill(loud, (short) 12_000);
        marks.play(loud, OpusRtp.timestampOf(MARK_SAMPLE + 480));
        assertThat(marks.marks()).isEmpty();
    }
}
