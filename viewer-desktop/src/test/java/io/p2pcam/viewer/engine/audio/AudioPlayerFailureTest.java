package io.p2pcam.viewer.engine.audio;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.media.codec.OpusEncoder;
import io.p2pcam.protocol.audio.AudioStreamSender;
import io.p2pcam.protocol.audio.OpusRtp;
import io.p2pcam.protocol.audio.TimingMarks;
import io.p2pcam.protocol.testing.Eventually;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A frame the player cannot play costs that frame, not the player; a player that stops says so. */
class AudioPlayerFailureTest {
    private static final int FRAMES = 10;

    /** {@link #FRAMES} frames of the marked sound, offered at once (their slots come 20 ms apart). */
    private static void offerSound(AudioPlayer player) {
        AudioStreamSender stream = new AudioStreamSender(0x1234_5678L, 1);
        short[] pcm = new short[OpusRtp.FRAME_SAMPLES];
        try (OpusEncoder encoder = new OpusEncoder(false)) {
            for (int frame = 0; frame < FRAMES; frame++) {
                long sample = (long) frame * OpusRtp.FRAME_SAMPLES;
                TimingMarks.render(pcm, sample);
                player.offer(stream.packet(encoder.encode(pcm), OpusRtp.timestampOf(sample)));
            }
        }
    }

    @Test
    void anErrorWhilePlayingOneFrameCostsThatFrameAndThePlayerGoesOn() {
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger played = new AtomicInteger();
        AudioSink failingOnce = (pcm, rtpTimestamp) -> {
            if (calls.incrementAndGet() == 1) {
                throw new AssertionError("as Concentus throws on a malformed packet");
            }
            played.incrementAndGet();
        };
        try (AudioPlayer player = new AudioPlayer(failingOnce)) {
            offerSound(player);

            Eventually.await("frames played after the failed one", Duration.ofSeconds(10), () -> played.get() >= 3);
            Eventually.await(
                    "the failure counted",
                    Duration.ofSeconds(5),
                    () -> player.stats().failedFrames() == 1);
            assertThat(player.stopped()).isNotDone();
        }
    }

    @Test
    void aPlayerThatStopsAnywayCompletesStoppedWithTheCause() {
        AudioSink exhausted = (pcm, rtpTimestamp) -> {
            throw new StackOverflowError("a VirtualMachineError: not one frame's fault");
        };
        try (AudioPlayer player = new AudioPlayer(exhausted)) {
            offerSound(player);

            Eventually.await(
                    "stopped() completed",
                    Duration.ofSeconds(10),
                    () -> player.stopped().isCompletedExceptionally());
            assertThat(player.stopped().exceptionNow()).isInstanceOf(StackOverflowError.class);
        }
    }
}
