package io.p2pcam.media.codec;

import io.p2pcam.protocol.audio.OpusRtp;
import io.p2pcam.protocol.audio.TimingMarks;
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
 * through enough of the encoder's work for C2 to compile it during the camera's start-up.
 *
 * <p>Nothing waits for it: the media path may start meanwhile (and helps warm the same code).
 */
public final class OpusWarmUp {
    /** Frames run through: enough for the hot loops' first compilation (C1), not for C2's. */
    public static final int FRAMES = 500;

    private OpusWarmUp() {}

    /** Starts the warm-up on a daemon thread of low priority; returns it (tests join it). */
    public static Thread start() {
        Thread thread = Thread.ofPlatform()
                .name("opus-warm-up")
                .daemon(true)
                .priority(Thread.MIN_PRIORITY)
                .start(OpusWarmUp::run);
        return thread;
    }

    /**
     * The camera's: {@link #run()}, then {@link #CAMERA_ENCODER_FRAMES} more frames of the marked sound
     * through an encoder set up as the camera's, so that C2 compiles the encoder's hot methods during
     * the camera's start-up rather than in its first viewer's session (below).
     */
    public static Thread startForCamera() {
        return Thread.ofPlatform()
                .name("opus-warm-up")
                .daemon(true)
                .priority(Thread.MIN_PRIORITY)
                .start(() -> {
                    run();
                    encode(CAMERA_ENCODER_FRAMES, true);
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
    static long encode(int frames, boolean paced) {
        short[] pcm = new short[OpusRtp.FRAME_SAMPLES];
        try (OpusEncoder encoder = new OpusEncoder(true)) {
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

    /** Frames between two rests of the camera's paced warm-up: one period of the marked sound. */
    static final int PACING_BLOCK = 25;

    /** Runs the warm-up on this thread. */
    public static void run() {
        short[] pcm = new short[OpusRtp.FRAME_SAMPLES];
        short[] out = new short[OpusRtp.FRAME_SAMPLES];
        try (OpusEncoder dtx = new OpusEncoder(true);
                OpusEncoder every = new OpusEncoder(false);
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
