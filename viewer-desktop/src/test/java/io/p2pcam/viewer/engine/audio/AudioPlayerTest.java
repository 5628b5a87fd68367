package io.p2pcam.viewer.engine.audio;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.media.codec.OpusEncoder;
import io.p2pcam.protocol.audio.AudioStreamSender;
import io.p2pcam.protocol.audio.OpusRtp;
import io.p2pcam.protocol.audio.TimingMarks;
import io.p2pcam.protocol.testing.Eventually;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The player on its own thread, fed in real time as the network thread feeds it. */
@Tag("realtime")
class AudioPlayerTest {
    static final int FRAMES = 100;

    @Test
    void thePlayerWakesOnceAFrameNotOnceForThePacketAndOnceForItsSlot() {
        AtomicInteger played = new AtomicInteger();
        AudioSink counting = (pcm, rtpTimestamp) -> played.incrementAndGet();
        AudioStreamSender stream = new AudioStreamSender(0x1234_5678L, 1);
        short[] pcm = new short[OpusRtp.FRAME_SAMPLES];
        long woken;
        try (OpusEncoder encoder = new OpusEncoder();
                AudioPlayer player = new AudioPlayer(counting)) {
            long sample = 0;
            long next = System.nanoTime();
            for (int frame = 0; frame < FRAMES; frame++) {
                TimingMarks.render(pcm, sample);
                player.offer(stream.packetize(encoder.encode(pcm), OpusRtp.timestampOf(sample)));
                sample += OpusRtp.FRAME_SAMPLES;
                next += TimeUnit.MILLISECONDS.toNanos(OpusRtp.FRAME_MILLIS);
                LockSupport.parkNanos(next - System.nanoTime()); // a packet every 20 ms, as a camera sends
            }
            Eventually.await("every frame played", Duration.ofSeconds(5), () -> played.get() >= FRAMES);
            woken = player.wakeUps();
            assertThat(player.stats().played()).isEqualTo(FRAMES);
        }
        assertThat(woken)
                .as("wake-ups for %d frames: one per frame, a few more for the start and early returns", FRAMES)
                .isLessThanOrEqualTo(FRAMES * 5 / 4);
    }
}
