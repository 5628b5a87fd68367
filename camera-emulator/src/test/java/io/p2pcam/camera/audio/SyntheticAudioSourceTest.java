package io.p2pcam.camera.audio;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.audio.OpusRtp;
import io.p2pcam.protocol.testing.ManualClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SyntheticAudioSourceTest {
    private static final long MARK =
            OpusRtp.sampleAt(Instant.parse("2026-12-02T12:00:00.500Z").toEpochMilli() * 1000);

    @Test
    void aMarkStartsExactlyAtEveryHalfSecondOfCaptureTimeAndIsSilentBetween() {
        short[] pcm = new short[OpusRtp.FRAME_SAMPLES];
        SyntheticAudioSource.render(pcm, MARK - 480); // 10 ms of silence, then the burst's first 10 ms
        for (int i = 0; i < 480; i++) {
            assertThat(pcm[i]).isZero();
        }
        int loudest = 0;
        for (int i = 480; i < 960; i++) {
            loudest = Math.max(loudest, Math.abs(pcm[i]));
        }
        assertThat(loudest).isBetween(SyntheticAudioSource.MARK_AMPLITUDE - 100, SyntheticAudioSource.MARK_AMPLITUDE);
        SyntheticAudioSource.render(pcm, MARK + 48 * SyntheticAudioSource.MARK_MILLIS); // just after the burst
        assertThat(pcm).containsOnly((short) 0);
    }

    @Test
    void framesFollowEachOtherOnOneGridAndAStalledReaderSkipsWholeFrames() throws Exception {
        AtomicLong nanos = new AtomicLong(1_000_000_000L);
        Clock clock = Clock.fixed(Instant.parse("2026-12-02T12:00:00.500Z"), ZoneOffset.UTC);
        SyntheticAudioSource source = new SyntheticAudioSource(clock, nanos::get);
        short[] pcm = new short[OpusRtp.FRAME_SAMPLES];
        long first = source.read(pcm);
        assertThat(first).isEqualTo(MARK - OpusRtp.FRAME_SAMPLES); // the frame that ends now
        nanos.addAndGet(20_000_000);
        assertThat(source.read(pcm)).isEqualTo(first + OpusRtp.FRAME_SAMPLES);
        nanos.addAndGet(20_000_000 + 100_000_000); // the reader was 100 ms late: five frames are gone
        assertThat(source.read(pcm)).isEqualTo(first + 7L * OpusRtp.FRAME_SAMPLES);
    }

    @Test
    void whenTheWallClockStepsAwayFromTheMonotonicOneTheSamplesFollowTheWallClockOnTheirGrid() throws Exception {
        // A paused virtual machine, or a clock stepped by NTP: the monotonic clock did not count the
        // 11.36 s the wall clock did. The samples are capture time (UTC), as the video's stamps are:
        // without following the step, every mark was 11.36 s "late" at the receiver and lip sync
        // failed (bench/audio.sh, 12:20 UTC).
        AtomicLong nanos = new AtomicLong(1_000_000_000L);
        ManualClock clock = new ManualClock(Instant.parse("2026-12-02T12:00:00.500Z"));
        SyntheticAudioSource source = new SyntheticAudioSource(clock, nanos::get);
        short[] pcm = new short[OpusRtp.FRAME_SAMPLES];
        long first = source.read(pcm);
        nanos.addAndGet(20_000_000);
        clock.advance(Duration.ofMillis(20));
        assertThat(source.read(pcm)).isEqualTo(first + OpusRtp.FRAME_SAMPLES);

        clock.advance(Duration.ofMillis(11_360 + 20)); // the wall clock jumps, the monotonic one does not
        nanos.addAndGet(20_000_000);
        long afterStep = source.read(pcm);
        assertThat(afterStep).isEqualTo(first + (2 + 11_360 / 20) * (long) OpusRtp.FRAME_SAMPLES);
        // ...and the frames after it follow on, one frame a frame.
        nanos.addAndGet(20_000_000);
        clock.advance(Duration.ofMillis(20));
        assertThat(source.read(pcm)).isEqualTo(afterStep + OpusRtp.FRAME_SAMPLES);

        clock.advance(Duration.ofMillis(-5_000 + 20)); // stepped back: the same, the other way
        nanos.addAndGet(20_000_000);
        assertThat(source.read(pcm)).isEqualTo(afterStep + (2 - 5_000 / 20) * (long) OpusRtp.FRAME_SAMPLES);
    }
}
