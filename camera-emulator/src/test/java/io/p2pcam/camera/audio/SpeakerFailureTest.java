package io.p2pcam.camera.audio;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.media.codec.OpusEncoder;
import io.p2pcam.protocol.audio.AudioStreamSender;
import io.p2pcam.protocol.audio.OpusRtp;
import io.p2pcam.protocol.audio.TimingMarks;
import io.p2pcam.protocol.testing.Eventually;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A talkback frame the speaker cannot play costs that frame, not the speaker; a speaker that stops says so. */
class SpeakerFailureTest {
    private static final int SESSION = 0x5E55;
    private static final int FRAMES = 10;

    /** An output whose {@code play} runs {@code onPlay}. */
    private static SpeakerOutput output(Runnable onPlay) {
        return new SpeakerOutput() {
            @Override
            public void play(short[] pcm) {
                onPlay.run();
            }

            @Override
            public String describe() {
                return "a test output";
            }

            @Override
            public void close() {}
        };
    }

    /** One loud frame, sent {@link #FRAMES} times in a row at once (their slots come 20 ms apart). */
    private static void talk(Speaker speaker) {
        AudioStreamSender stream = new AudioStreamSender(0x1234_5678L, 1);
        short[] pcm = new short[OpusRtp.FRAME_SAMPLES];
        TimingMarks.render(pcm, 0); // a mark at 0: sound, so no DTX
        byte[] opus;
        try (OpusEncoder encoder = new OpusEncoder(false)) {
            opus = encoder.encode(pcm);
        }
        for (int frame = 0; frame < FRAMES; frame++) {
            speaker.offer(SESSION, stream.packet(opus, OpusRtp.timestampOf((long) frame * OpusRtp.FRAME_SAMPLES)));
        }
    }

    @Test
    void anErrorWhilePlayingOneFrameCostsThatFrameAndTheSpeakerGoesOn() {
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger played = new AtomicInteger();
        Speaker speaker = new Speaker(
                output(() -> {
                    if (calls.incrementAndGet() == 1) {
                        throw new AssertionError("as Concentus throws on a malformed packet");
                    }
                    played.incrementAndGet();
                }),
                Clock.systemUTC());
        try (speaker) {
            talk(speaker);

            Eventually.await("frames played after the failed one", Duration.ofSeconds(10), () -> played.get() >= 3);
            assertThat(speaker.stopped()).isNotDone();
        }
        assertThat(speaker.stats().failedFrames())
                .as("counted when the spurt ended")
                .isEqualTo(1);
    }

    @Test
    void aSpeakerThatStopsAnywayCompletesStoppedWithTheCause() {
        Speaker speaker = new Speaker(
                output(() -> {
                    throw new StackOverflowError("a VirtualMachineError: not one frame's fault");
                }),
                Clock.systemUTC());
        try (speaker) {
            talk(speaker);

            assertThat(speaker.stopped())
                    .failsWithin(Duration.ofSeconds(10))
                    .withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(StackOverflowError.class);
        }
    }
}
