package io.p2pcam.viewer.engine.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.p2pcam.protocol.audio.OpusRtp;
import io.p2pcam.protocol.media.VideoClock;
import org.junit.jupiter.api.Test;

class LipSyncTest {
    /** This machine's wall clock (µs since 1970) and monotonic clock (ns) at the start. */
    private static final long WALL = 1_764_720_000_123_456L;

    private static final long MONO = 7_000_000_000L;
    private static final long MS = 1_000_000;

    private final LipSync sync = new LipSync();

    /** The audio RTP timestamp of the frame whose first heard sample was captured at {@code captureMicros}. */
    private static long audioTimestamp(long captureMicros) {
        return OpusRtp.timestampOf(OpusRtp.sampleAt(captureMicros) + LipSync.CODEC_DELAY_SAMPLES);
    }

    private static long videoTimestamp(long captureMicros) {
        return VideoClock.timestampOf(captureMicros);
    }

    @Test
    void aPictureIsShownTheTargetOffsetBeforeTheSoundCapturedWithItIsHeard() {
        // The sound captured 60 ms ago is heard now: the sound's delay is 60 ms.
        long captured = WALL - 60_000;
        sync.heard(audioTimestamp(captured), MONO, WALL);

        // A picture captured at the same instant, decoded 8 ms after capture, waits for its sound.
        long at = sync.presentAt(videoTimestamp(captured), MONO - 52 * MS, WALL - 52_000);

        assertThat(at).isCloseTo(MONO - LipSync.TARGET_OFFSET_MILLIS * MS, within(20_000L));
    }

    @Test
    void laterPicturesFollowTheSameDelayWhateverTheirDecodeTime() {
        long captured = WALL - 60_000;
        sync.heard(audioTimestamp(captured), MONO, WALL);

        long slowDecode = sync.presentAt(videoTimestamp(captured + 33_333), MONO - 20 * MS, WALL - 20_000);
        long fastDecode = sync.presentAt(videoTimestamp(captured + 66_667), MONO - 45 * MS, WALL - 45_000);

        assertThat(slowDecode).isCloseTo(MONO + (33_333 - 15_000) * 1000L, within(20_000L));
        assertThat(fastDecode).isCloseTo(MONO + (66_667 - 15_000) * 1000L, within(20_000L));
    }

    @Test
    void aPictureLaterThanItsSoundIsShownAtOnce() {
        // Sound heard 10 ms after capture; the picture took 40 ms to decode.
        long captured = WALL - 10_000;
        sync.heard(audioTimestamp(captured), MONO, WALL);

        long now = MONO + 30 * MS;

        assertThat(sync.presentAt(videoTimestamp(captured), now, WALL + 30_000)).isEqualTo(now);
    }

    @Test
    void withoutSoundOrAfterItStoppedPicturesAreShownAtOnce() {
        assertThat(sync.presentAt(videoTimestamp(WALL), MONO, WALL)).isEqualTo(MONO);

        sync.heard(audioTimestamp(WALL - 60_000), MONO, WALL);
        sync.stop();

        assertThat(sync.presentAt(videoTimestamp(WALL - 60_000), MONO - 50 * MS, WALL - 50_000))
                .isEqualTo(MONO - 50 * MS);
    }

    @Test
    void aStaleReportHoldsNothing() {
        sync.heard(audioTimestamp(WALL - 60_000), MONO, WALL);
        long now = MONO + (LipSync.STALE_MILLIS + 1) * MS;

        assertThat(sync.presentAt(videoTimestamp(WALL + 150_000), now, WALL + 201_000))
                .isEqualTo(now);
    }

    @Test
    void aSoundFurtherBehindThanTheLimitIsNotWaitedFor() {
        // The sound is heard 900 ms after capture (a stalled path); the picture decoded in 10 ms.
        long captured = WALL - 900_000;
        sync.heard(audioTimestamp(captured), MONO, WALL);
        long now = MONO - 890 * MS;

        assertThat(sync.presentAt(videoTimestamp(captured), now, WALL - 890_000))
                .isEqualTo(now);
    }

    @Test
    void aHoldUpToTheLimitIsKept() {
        // The sound is heard 160 ms after capture, the picture decoded in 5 ms: held 140 ms.
        long captured = WALL - 160_000;
        sync.heard(audioTimestamp(captured), MONO, WALL);
        long now = MONO - 155 * MS;

        assertThat(sync.presentAt(videoTimestamp(captured), now, WALL - 155_000))
                .isCloseTo(now + (155 - LipSync.TARGET_OFFSET_MILLIS) * MS, within(20_000L));
    }

    @Test
    void timestampsAcrossTheirWrapStillLineUp() {
        // A capture instant just after the 90 kHz clock's 32-bit wrap, the machine's clock just before it.
        long wrapMicros = Math.floorDiv((Math.floorDiv(WALL * 9, 100) | 0xFFFF_FFFFL) + 1, 9) * 100;
        long captured = wrapMicros + 5_000;
        sync.heard(audioTimestamp(captured), MONO, wrapMicros - 1_000);

        long at = sync.presentAt(videoTimestamp(captured), MONO - 50 * MS, wrapMicros - 3_000);

        assertThat(at).isCloseTo(MONO - LipSync.TARGET_OFFSET_MILLIS * MS, within(20_000L));
    }
}
