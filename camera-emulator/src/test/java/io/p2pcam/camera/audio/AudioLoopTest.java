package io.p2pcam.camera.audio;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.media.codec.OpusEncoder;
import io.p2pcam.protocol.audio.OpusRtp;
import io.p2pcam.protocol.audio.TimingMarks;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The audio loop hands every frame to its subscribers: the ones sent, and the ones DTX leaves out. */
class AudioLoopTest {
    private static final int FRAMES = 100; // two seconds: four marks, each followed by DTX silence

    /** The marked sound from sample 0, {@link #FRAMES} frames as fast as they are read, then nothing. */
    private static final class MarkedFrames implements AudioSource {
        private long next;

        @Override
        public long read(short[] pcm) throws InterruptedException {
            if (next == (long) FRAMES * OpusRtp.FRAME_SAMPLES) {
                new CountDownLatch(1).await(); // no more sound: wait for close()
            }
            long first = next;
            TimingMarks.render(pcm, first);
            next += OpusRtp.FRAME_SAMPLES;
            return first;
        }

        @Override
        public void close() {}
    }

    private record Handed(long firstSample, int length, boolean silent) {}

    @Test
    void aSubscriberGetsEveryFrameInOrderTheOnesDtxLeavesOutAsTheEncodersTocByte() throws Exception {
        BlockingQueue<Handed> handed = new LinkedBlockingQueue<>();
        List<Long> sessionFrames = new ArrayList<>();
        OpusEncoder encoder = new OpusEncoder();
        try (AudioLoop loop = new AudioLoop(new MarkedFrames(), encoder)) {
            loop.subscribe(
                    (opus, firstSample) -> sessionFrames.add(firstSample)); // first: a session's: sent frames only
            loop.subscribe(new AudioLoop.Subscriber() {
                @Override
                public void onFrame(byte[] opus, long firstSample) {
                    handed.add(new Handed(firstSample, opus.length, false));
                }

                @Override
                public void onSilentFrame(byte[] dtx, long firstSample) {
                    handed.add(new Handed(firstSample, dtx.length, true));
                }
            });
            loop.ensureStarted();

            List<Handed> all = new ArrayList<>();
            for (int frame = 0; frame < FRAMES; frame++) {
                Handed next = handed.poll(10, TimeUnit.SECONDS);
                assertThat(next).as("frame %d handed over", frame).isNotNull();
                all.add(next);
            }

            assertThat(all)
                    .extracting(Handed::firstSample)
                    .as("every frame once, in order")
                    .containsExactlyElementsOf(frames());
            List<Handed> silent = all.stream().filter(Handed::silent).toList();
            assertThat(silent).as("DTX silence").hasSizeGreaterThan(FRAMES / 2);
            assertThat(silent).extracting(Handed::length).containsOnly(1);
            assertThat(encoder.silentFrames()).isEqualTo(silent.size());
            assertThat(loop.frames()).isEqualTo(FRAMES - silent.size());
            assertThat(sessionFrames)
                    .as("a subscriber that does not take silent frames gets the others")
                    .containsExactlyElementsOf(all.stream()
                            .filter(h -> !h.silent())
                            .map(Handed::firstSample)
                            .toList());
        }
    }

    private static List<Long> frames() {
        List<Long> frames = new ArrayList<>();
        for (int frame = 0; frame < FRAMES; frame++) {
            frames.add((long) frame * OpusRtp.FRAME_SAMPLES);
        }
        return frames;
    }
}
