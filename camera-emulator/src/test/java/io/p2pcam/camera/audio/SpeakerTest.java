package io.p2pcam.camera.audio;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.media.codec.OpusEncoder;
import io.p2pcam.protocol.audio.AudioStreamSender;
import io.p2pcam.protocol.audio.OpusRtp;
import io.p2pcam.protocol.media.RtpPacket;
import io.p2pcam.protocol.testing.Eventually;
import io.p2pcam.protocol.testing.MarkOnsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The camera's speaker fed in real time with real Opus packets of the synthetic marked sound, as
 * a talking viewer sends them: what it plays, what it counts and when it says a spurt ended.
 */
@Tag("realtime")
class SpeakerTest {
    private static final int SESSION = 0x5E55;

    /** A speaker output that keeps everything played. */
    private static final class Captured implements SpeakerOutput {
        private final List<short[]> frames = new ArrayList<>();

        @Override
        public synchronized void play(short[] pcm) {
            frames.add(pcm.clone());
        }

        synchronized short[] samples() {
            short[] all = new short[frames.size() * OpusRtp.FRAME_SAMPLES];
            for (int i = 0; i < frames.size(); i++) {
                System.arraycopy(frames.get(i), 0, all, i * OpusRtp.FRAME_SAMPLES, OpusRtp.FRAME_SAMPLES);
            }
            return all;
        }

        @Override
        public String describe() {
            return "a test capture";
        }

        @Override
        public void close() {}
    }

    /**
     * Talks for {@code frames} frames of the marked sound at capture pace, leaving out the packets
     * {@code skipped} (counted among those sent); with {@code dtx}, silence is not sent.
     *
     * @return the packets sent
     */
    private static int talk(Speaker speaker, int frames, Set<Integer> skipped, boolean dtx) throws Exception {
        SyntheticAudioSource microphone = new SyntheticAudioSource(Clock.systemUTC());
        AudioStreamSender stream = new AudioStreamSender(0xA11CE, 7);
        short[] pcm = new short[OpusRtp.FRAME_SAMPLES];
        int sent = 0;
        try (OpusEncoder encoder = new OpusEncoder(dtx)) {
            for (int i = 0; i < frames; i++) {
                long firstSample = microphone.read(pcm);
                byte[] opus = encoder.encode(pcm);
                if (opus == null) {
                    continue; // DTX: silence is not sent
                }
                RtpPacket rtp = stream.packet(opus, OpusRtp.timestampOf(firstSample));
                if (!skipped.contains(sent++)) {
                    speaker.offer(SESSION, rtp);
                }
            }
        }
        return sent;
    }

    @Test
    void talkIsPlayedWithItsMarksHalfASecondApartAndTheSpurtIsReportedWhenTheTalkerFallsQuiet() throws Exception {
        Captured output = new Captured();
        Speaker.Spurt spurt;
        try (Speaker speaker = new Speaker(output, Clock.systemUTC())) {
            int sent = talk(speaker, 75, Set.of(), true);
            Eventually.await("the spurt ends", Duration.ofSeconds(5), () -> speaker.lastSpurt() != null);

            spurt = speaker.lastSpurt();
            assertThat(spurt.sessionId()).isEqualTo(SESSION);
            assertThat(sent).as("DTX: the silence between marks is not sent").isLessThan(60);
            assertThat(spurt.played())
                    .as("one spurt through the silences (%d packets sent): %s", sent, spurt)
                    .isBetween(sent - 10L, (long) sent);
            // Nothing is dropped here: a frame lost is a late one (a busy machine), never the ~9 slots
            // of waiting that end the spurt.
            assertThat(spurt.lost())
                    .as("the wait that ends the spurt is no loss: " + spurt)
                    .isLessThanOrEqualTo(spurt.late());
            assertThat(spurt.concealedMillis()).isLessThanOrEqualTo(spurt.lost() * 20);
            // From capture (the frame's first sample) to the speaker: the frame itself is 20 ms.
            assertThat(spurt.latencyP50()).as(spurt.toString()).isBetween(15L, 250L);
            assertThat(speaker.stats().spurts()).isEqualTo(1);
        }
        List<Integer> onsets = MarkOnsets.in(output.samples());
        assertThat(onsets).as("1.5 s of talk holds a mark every 500 ms").hasSizeGreaterThanOrEqualTo(2);
        // 500 ms apart within ±10 ms, less whole frames the jitter buffer skipped to give delay back
        // (a first packet held up by the sender's warm-up: the schedule then has a frame to spare).
        // (A burst under way when the talk started once counted as an onset ~6.5 ms in, after the
        // decoder's silent delay, making one interval up to 40 ms short: MarkOnsets skips it.)
        long skippedBetween = 0;
        for (int i = 1; i < onsets.size(); i++) {
            int apart = onsets.get(i) - onsets.get(i - 1);
            long skipped = Math.max(0, Math.round((24_000 - apart) / (double) OpusRtp.FRAME_SAMPLES));
            skippedBetween += skipped;
            assertThat(apart + skipped * OpusRtp.FRAME_SAMPLES)
                    .as("onsets %s, %s", onsets, spurt)
                    .isBetween(24_000L - 480, 24_000L + 480);
        }
        assertThat(skippedBetween).as("onsets %s, %s", onsets, spurt).isLessThanOrEqualTo(spurt.skipped());
    }

    @Test
    void aLostFrameWhoseSuccessorIsLostTooIsConcealedAndCounted() throws Exception {
        Captured output = new Captured();
        try (Speaker speaker = new Speaker(output, Clock.systemUTC())) {
            // Every frame sent: 13 may be rebuilt from 14's FEC; 12 has nothing to come from.
            talk(speaker, 30, Set.of(12, 13), false);
            Eventually.await("the spurt ends", Duration.ofSeconds(5), () -> speaker.lastSpurt() != null);

            Speaker.Spurt spurt = speaker.lastSpurt();
            // The two left out, and any that came late on a busy machine.
            assertThat(spurt.lost() - spurt.late()).as(spurt.toString()).isEqualTo(2);
            assertThat(spurt.concealedMillis()).as(spurt.toString()).isGreaterThanOrEqualTo(20);
        }
    }
}
