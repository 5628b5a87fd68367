package io.p2pcam.viewer.engine.audio;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.media.codec.OpusEncoder;
import io.p2pcam.protocol.audio.AudioJitterBuffer;
import io.p2pcam.protocol.audio.AudioStreamSender;
import io.p2pcam.protocol.audio.OpusRtp;
import io.p2pcam.protocol.audio.TimingMarks;
import io.p2pcam.protocol.media.RtpPacket;
import io.p2pcam.protocol.testing.Eventually;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The player on its own thread, fed as the network thread feeds it. */
class AudioPlayerTest {
    static final int FRAMES = 100;
    /** How long (real time) the player may take to do what is due at one instant and park again. */
    private static final Duration STEP = Duration.ofSeconds(10);

    @Test
    void thePlayerWakesOnceAFrameNotOnceForThePacketAndOnceForItsSlot() throws InterruptedException {
        // On the player's own clock, moved by this test: a busy machine slows the steps down but
        // cannot make a packet late or a frame skipped (a real clock under load did both: CI saw 17
        // of 100 frames skipped to catch up, and wake-ups for late packets).
        SteppedPlayerClock clock = new SteppedPlayerClock();
        List<Long> playedAt = new CopyOnWriteArrayList<>();
        AudioSink timed = (pcm, rtpTimestamp) -> playedAt.add(clock.nowMillis());
        AudioStreamSender stream = new AudioStreamSender(0x1234_5678L, 1);
        short[] pcm = new short[OpusRtp.FRAME_SAMPLES];
        try (OpusEncoder encoder = new OpusEncoder(false); // every frame sent: one slot per packet
                AudioPlayer player = new AudioPlayer(timed, new LipSync(), AudioPlayer.TARGET_DELAY_MILLIS, clock)) {
            long sample = 0;
            for (int frame = 0; frame < FRAMES; frame++) {
                TimingMarks.render(pcm, sample);
                RtpPacket rtp = stream.packet(encoder.encode(pcm), OpusRtp.timestampOf(sample));
                clock.runUntil(frame * OpusRtp.FRAME_MILLIS, STEP); // a packet every 20 ms, as a camera sends
                player.offer(rtp);
                sample += OpusRtp.FRAME_SAMPLES;
            }
            long lastSlot = AudioPlayer.TARGET_DELAY_MILLIS + (FRAMES - 1) * OpusRtp.FRAME_MILLIS;
            clock.runUntil(lastSlot, STEP);

            assertThat(player.stats().played()).isEqualTo(FRAMES);
            // Frame k is due 20 ms (the jitter allowance) + 20 ms × k after the first packet came.
            for (int k = 0; k < FRAMES; k++) {
                assertThat(playedAt.get(k))
                        .as("when frame %d played: on its slot, not later by sleeping through its packet", k)
                        .isEqualTo(AudioPlayer.TARGET_DELAY_MILLIS + k * OpusRtp.FRAME_MILLIS);
            }
            // Waking for the packet and again for its slot would be two a frame (200).
            assertThat(player.wakeUps())
                    .as("wake-ups for %d frames: one for the first packet (a new schedule), then one per slot", FRAMES)
                    .isEqualTo(FRAMES + 1);
        }
    }

    /**
     * The camera's sound with DTX, as it is sent: the marks' bursts and their hangover in packets, the
     * silence between them left out. The player woke twice for each frame of that silence (at the
     * slot's time, then again once the wait for a packet to recover it from had passed): 64 wake-ups
     * a second in a session instead of 50. Every slot must still play when it did.
     */
    @Test
    void inASilenceTheSenderLeftOutThePlayerWakesOnceAFrame() throws InterruptedException {
        SteppedPlayerClock clock = new SteppedPlayerClock();
        List<Long> playedAt = new CopyOnWriteArrayList<>();
        AudioSink timed = (pcm, rtpTimestamp) -> playedAt.add(clock.nowMillis());
        AudioStreamSender stream = new AudioStreamSender(0x1234_5678L, 1);
        short[] pcm = new short[OpusRtp.FRAME_SAMPLES];
        int frames = 2 * OpusRtp.CLOCK_RATE / OpusRtp.FRAME_SAMPLES; // two seconds: four marks
        List<Boolean> sent = new ArrayList<>();
        try (OpusEncoder encoder = new OpusEncoder(true);
                AudioPlayer player = new AudioPlayer(timed, new LipSync(), AudioPlayer.TARGET_DELAY_MILLIS, clock)) {
            long sample = 0;
            for (int frame = 0; frame < frames; frame++) {
                TimingMarks.render(pcm, sample);
                byte[] opus = encoder.encode(pcm);
                clock.runUntil(frame * OpusRtp.FRAME_MILLIS, STEP);
                if (opus != null) {
                    player.offer(stream.packet(opus, OpusRtp.timestampOf(sample)));
                }
                sent.add(opus != null);
                sample += OpusRtp.FRAME_SAMPLES;
            }
            sent.add(false); // nothing after the last frame
            clock.runUntil(
                    AudioPlayer.TARGET_DELAY_MILLIS
                            + (frames - 1) * OpusRtp.FRAME_MILLIS
                            + AudioJitterBuffer.FEC_WAIT_MILLIS,
                    STEP);

            int silences = 0; // runs of frames left out
            for (int k = 1; k < frames; k++) {
                if (!sent.get(k) && sent.get(k - 1)) {
                    silences++;
                }
            }
            assertThat(silences).as("the marked sound has silences left out").isGreaterThanOrEqualTo(3);
            assertThat(playedAt).hasSize(frames);
            for (int k = 0; k < frames; k++) {
                long slot = AudioPlayer.TARGET_DELAY_MILLIS + (long) k * OpusRtp.FRAME_MILLIS;
                // A frame left out with nothing after it yet waits for a packet to recover it from;
                // the one just before a packet plays on its slot, the packet showing it was silence.
                boolean waitedForFec = !sent.get(k) && !sent.get(k + 1);
                assertThat(playedAt.get(k))
                        .as("when frame %d played", k)
                        .isEqualTo(waitedForFec ? slot + AudioJitterBuffer.FEC_WAIT_MILLIS : slot);
            }
            // One for the first packet, one per slot, and one more for each silence's first slot
            // (woken at its time, it finds it must wait for FEC); not two for every frame left out.
            assertThat(player.wakeUps())
                    .as("wake-ups for %d slots with %d silences", frames, silences)
                    .isEqualTo(1 + frames + silences);
        }
    }

    @Test
    @Tag("realtime")
    void silenceASenderLeftOutIsTimedInItsOwnPacketsLength() {
        // A third-party sender with DTX and 40 ms packets (SILK wideband, configuration 10, one empty
        // frame each); probe's audioDtxMs counted every silent frame as 20 ms, half the silence.
        byte[] forty = {(byte) (10 << 3)};
        int frame = 40 * OpusRtp.CLOCK_RATE / 1000;
        try (AudioPlayer player = new AudioPlayer((pcm, rtpTimestamp) -> {})) {
            // Frames 2 and 3 not sent (DTX): the sequence numbers go on, the timestamps jump. Each
            // packet offered at its frame's time, as a sender sends them.
            long[] framesSent = {0, 1, 4, 5};
            long start = System.nanoTime();
            for (int sequence = 0; sequence < framesSent.length; sequence++) {
                LockSupport.parkNanos(
                        start + TimeUnit.MILLISECONDS.toNanos(40 * framesSent[sequence]) - System.nanoTime());
                player.offer(new RtpPacket(
                        OpusRtp.PAYLOAD_TYPE,
                        sequence == 2,
                        sequence,
                        framesSent[sequence] * frame,
                        0x1234_5678L,
                        forty));
            }

            try {
                Eventually.await(
                        "the four packets played",
                        Duration.ofSeconds(5),
                        () -> player.stats().played() >= 4);
            } catch (AssertionError e) {
                throw new AssertionError(player.stats().toString(), e);
            }
            assertThat(player.stats().silentMillis())
                    .as("two 40 ms frames not sent")
                    .isEqualTo(80);
            assertThat(player.stats().lost()).isZero();
        }
    }
}
