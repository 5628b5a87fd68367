package io.p2pcam.media.codec;

import io.p2pcam.protocol.audio.AudioJitterBuffer;
import io.p2pcam.protocol.audio.OpusRtp;
import io.p2pcam.protocol.audio.TimingMarks;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs the Opus codec (Concentus, pure Java) through {@link #FRAMES} frames of sound at start-up, on
 * a throw-away encoder and decoder in a background thread, so that the first frames of a session are
 * not run cold: cold, the first hundred frames cost ~4 ms each to encode and decode against ~0.3 ms
 * warm, which lands on the first frames a talker says or a viewer plays (a late packet, a schedule
 * moved later). It covers what the media path runs: encoding with and without DTX, decoding, in-band
 * FEC and concealment. It does not finish the JIT's work: the largest Concentus methods would reach
 * C2 only during a session's first minute or two, which was most of what sound added to the CPU then
 * (docs/BENCHMARKS.md, "Issue 15, the first minute and two minutes of a session"), and longer
 * warm-ups did not move that cost out of the session. The viewer therefore keeps C2 off Concentus
 * ({@link ConcentusCompilerDirective}, before this runs); the camera, usually up long before a
 * viewer comes, keeps C2's faster code but for the encoder's two methods dearest to compile ({@link
 * ConcentusCompilerDirective#installForEncoder}), and its warm-up ({@link #startForCamera}) goes on
 * through enough of the encoder's work for C2 to compile it during the camera's start-up. The
 * viewer's ({@link #runForViewer}) goes on through enough of the player's decoding for C1 to have
 * compiled the decoder as tier 1 code before the first session.
 *
 * <p>Nothing waits for it: the media path may start meanwhile (and helps warm the same code).
 */
public final class OpusWarmUp {
    /** Frames run through: enough for the hot loops' first compilation (C1), not for C2's. */
    public static final int FRAMES = 500;

    private OpusWarmUp() {}

    /**
     * The camera's: {@link #run()}, then {@link #CAMERA_ENCODER_FRAMES} more frames of the marked sound
     * through an encoder set up as the camera's, so that C2 compiles the encoder's hot methods during
     * the camera's start-up rather than in its first viewer's session (below).
     *
     * @param band the band the camera codes its sound in (each band runs code of its own)
     */
    public static Thread startForCamera(SoundBand band) {
        return Thread.ofPlatform()
                .name("opus-warm-up")
                .daemon(true)
                .priority(Thread.MIN_PRIORITY)
                .start(() -> {
                    run();
                    encode(CAMERA_ENCODER_FRAMES, true, band);
                });
    }

    /**
     * Frames the camera's warm-up encodes after {@link #run()}: the encoder's methods that C2
     * compiles were still being compiled 84–144 s into a camera's life at its real rate (13 coded
     * frames in 25), +1.1..+1.6 points of a core on its C2 thread in a session's first minute
     * (docs/BENCHMARKS.md); 10,000 frames reach those counts within the camera's first ten or twenty
     * seconds, when no session waits. They run at half a core at most (each block of frames is
     * followed by a rest as long as it took): Java's thread priorities are not the kernel's on Linux,
     * and a viewer that connects during the warm-up must not find the camera's media threads short of
     * a core.
     */
    public static final int CAMERA_ENCODER_FRAMES = 10_000;

    /**
     * Encodes {@code frames} frames of the marked sound with DTX, as the camera's audio loop does.
     *
     * @param paced whether each block of {@link #PACING_BLOCK} frames is followed by a rest as long as it took
     * @return the frames the codec coded (the others were digital silence left out uncoded)
     */
    static long encode(int frames, boolean paced, SoundBand band) {
        short[] pcm = new short[OpusRtp.FRAME_SAMPLES];
        try (OpusEncoder encoder = new OpusEncoder(true, band)) {
            long blockStart = System.nanoTime();
            for (int frame = 0; frame < frames; frame++) {
                TimingMarks.render(pcm, (long) frame * OpusRtp.FRAME_SAMPLES);
                encoder.encodeEveryFrame(pcm);
                if (paced && (frame + 1) % PACING_BLOCK == 0) {
                    long now = System.nanoTime();
                    rest(now + (now - blockStart));
                    blockStart = System.nanoTime();
                }
            }
            return encoder.codedFrames();
        }
    }

    /** Parks until {@code deadline} (System.nanoTime), however often the park returns early. */
    private static void rest(long deadline) {
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    /**
     * Frames the viewer's warm-up decodes after {@link #run()}. With C2 kept off Concentus, a decoder
     * method runs as tier 3 code (C1 with full profiling, the slowest compiled code) until the tiered
     * policy asks C2 for it, which refuses, and C1 compiles it again at tier 1: for the methods run
     * once a frame that is after ~5,000 calls at tier 3, 40–160 s into a session at 50 frames a
     * second. So a session's first two minutes ran the decoder as tier 3 code and paid C1's
     * recompilations (docs/BENCHMARKS.md, "Issue 15, the probe's side thread by thread"; decision
     * 0087); 8,000 frames (with {@link #run()}'s 500) take the decoder's per-frame methods past that
     * at start-up.
     */
    public static final int VIEWER_DECODER_FRAMES = 8_000;

    private static final AtomicBoolean viewerDecoderWarmed = new AtomicBoolean();

    /**
     * The viewer's: {@link #run()}, then, the first time in this process, {@link
     * #VIEWER_DECODER_FRAMES} frames of the marked sound rendered as the player renders a camera's
     * (below). Once per process, since what it is for is the JIT's, which a process keeps.
     */
    public static void runForViewer() {
        run();
        if (viewerDecoderWarmed.compareAndSet(false, true)) {
            decode(VIEWER_DECODER_FRAMES);
        }
    }

    /**
     * Renders {@code frames} slots through a {@link SlotDecoder}, as the player does a camera's sound:
     * one stretch of the marked sound coded by the camera's encoder (in the default band,
     * {@link SoundBand#WIDE}) (DTX: the frames it leaves out
     * are silence slots, which the decoder conceals to keep in step), played over and over.
     *
     * @return the slots that were packets (the others were silences)
     */
    static long decode(int frames) {
        List<AudioJitterBuffer.Slot> stretch = new ArrayList<>(DECODE_STRETCH_FRAMES);
        short[] pcm = new short[OpusRtp.FRAME_SAMPLES];
        try (OpusEncoder encoder = new OpusEncoder(true)) {
            for (int frame = 0; frame < DECODE_STRETCH_FRAMES; frame++) {
                long timestamp = (long) frame * OpusRtp.FRAME_SAMPLES;
                TimingMarks.render(pcm, timestamp);
                byte[] opus = encoder.encode(pcm);
                stretch.add(
                        opus == null
                                ? new AudioJitterBuffer.Silence(timestamp, OpusRtp.FRAME_SAMPLES)
                                : new AudioJitterBuffer.Packet(timestamp, OpusRtp.FRAME_SAMPLES, opus));
            }
        }
        long packets = 0;
        try (SlotDecoder decoder = new SlotDecoder()) {
            for (int frame = 0; frame < frames; frame++) {
                AudioJitterBuffer.Slot slot = stretch.get(frame % stretch.size());
                decoder.render(slot);
                if (slot instanceof AudioJitterBuffer.Packet) {
                    packets++;
                }
            }
        }
        return packets;
    }

    /**
     * The marked sound coded once for {@link #decode}: four of its periods (2 s), whose slots are
     * then played over and over (the decoder hears a splice every 2 s, as after a lost stretch).
     */
    static final int DECODE_STRETCH_FRAMES = 100;

    /** Frames between two rests of the camera's paced warm-up: one period of the marked sound. */
    static final int PACING_BLOCK = 25;

    /**
     * Runs the warm-up on this thread: every other frame through a wideband encoder with DTX and a
     * fullband one without, so that both bands' code is warm in the encoder and in the decoder, which
     * plays whichever band a camera sends.
     */
    public static void run() {
        short[] pcm = new short[OpusRtp.FRAME_SAMPLES];
        short[] out = new short[OpusRtp.FRAME_SAMPLES];
        try (OpusEncoder dtx = new OpusEncoder(true, SoundBand.WIDE);
                OpusEncoder every = new OpusEncoder(false, SoundBand.FULL);
                OpusDecoder decoder = new OpusDecoder()) {
            for (int frame = 0; frame < FRAMES; frame++) {
                TimingMarks.render(pcm, (long) frame * OpusRtp.FRAME_SAMPLES);
                OpusEncoder encoder = frame % 2 == 0 ? dtx : every;
                byte[] opus = encoder.encode(pcm);
                if (opus == null) {
                    decoder.conceal(out);
                } else if (frame % 7 == 0) {
                    decoder.recover(opus, out); // as if the frame before were lost
                    decoder.decode(opus, out);
                } else {
                    decoder.decode(opus, out);
                }
            }
        }
    }
}
