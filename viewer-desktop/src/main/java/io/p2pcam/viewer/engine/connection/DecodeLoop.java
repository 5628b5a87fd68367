package io.p2pcam.viewer.engine.connection;

import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.media.DepacketizerEvent;
import io.p2pcam.protocol.session.VideoStream;
import io.p2pcam.viewer.engine.audio.LipSync;
import io.p2pcam.viewer.engine.decode.DecoderWarmUp;
import io.p2pcam.viewer.engine.decode.FramePipeline;
import io.p2pcam.viewer.engine.decode.KeyframeCause;
import io.p2pcam.viewer.engine.frame.LatestFrameMailbox;
import io.p2pcam.viewer.engine.frame.VideoFrame;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decode thread of one {@link CameraConnection}: takes access units from the {@link DecodeQueue},
 * decodes them in a {@link FramePipeline} it owns, holds each picture for its sound while the sound
 * plays ({@link LipSync}), and publishes it to the {@link LatestFrameMailbox}.
 *
 * <p>Threads: {@link #run()} on the decode thread, until {@code closed} says so; the other methods
 * from any thread.
 */
final class DecodeLoop implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(DecodeLoop.class);

    private final CameraId camera;
    private final DecodeQueue queue;
    private final LatestFrameMailbox mailbox;
    private final LipSync lipSync;
    private final ConnectionListener listener;
    private final Runnable keyframeNeeded;
    private final Supplier<VideoStream> tileStream;
    private final ThreadDeaths threadDeaths;
    private final BooleanSupplier closed;
    private volatile FramePipeline pipeline;
    private volatile int fitWidth;
    private volatile int fitHeight;

    DecodeLoop(
            CameraId camera,
            DecodeQueue queue,
            LatestFrameMailbox mailbox,
            LipSync lipSync,
            ConnectionListener listener,
            Runnable keyframeNeeded,
            Supplier<VideoStream> tileStream,
            ThreadDeaths threadDeaths,
            BooleanSupplier closed) {
        this.camera = camera;
        this.queue = queue;
        this.mailbox = mailbox;
        this.lipSync = lipSync;
        this.listener = listener;
        this.keyframeNeeded = keyframeNeeded;
        this.tileStream = tileStream;
        this.threadDeaths = threadDeaths;
        this.closed = closed;
    }

    /** The pipeline, or null before the decode thread built it. */
    FramePipeline pipeline() {
        return pipeline;
    }

    /** Scale pictures down to fit within this size (aspect kept); 0 for full size. Any thread. */
    void fitWithin(int width, int height) {
        fitWidth = width;
        fitHeight = height;
        FramePipeline current = pipeline;
        if (current != null) {
            current.fitWithin(width, height);
        }
    }

    @Override
    public void run() {
        try (FramePipeline pipeline = FramePipeline.create(mailbox, new FramePipeline.Listener() {
            @Override
            public void keyframeNeeded(KeyframeCause cause) {
                keyframeNeeded.run(); // the endpoint repeats it until a keyframe comes
            }

            @Override
            public void pictureDecoded(VideoFrame frame) {
                listener.pictureDecoded(frame);
                holdForSound(frame);
                listener.picturePresented(frame);
            }
        })) {
            pipeline.fitWithin(fitWidth, fitHeight);
            if (tileStream.get() != VideoStream.SUB) {
                // While the connection is made, a main-stream-sized keyframe: the first picture then
                // finds its decoder, converter and buffer set up (issue 16 §2). A tile whose size
                // already asked for the sub-stream skips it (the supervisor sets the size right after
                // opening, usually before this thread gets here; if not, the warm-up only costs CPU).
                pipeline.warmUp(DecoderWarmUp.keyframe());
            }
            this.pipeline = pipeline;
            while (!closed.getAsBoolean()) {
                DepacketizerEvent event = queue.poll(200, TimeUnit.MILLISECONDS);
                if (event != null) {
                    pipeline.accept(event);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            // An Error too (a camera's pictures too large for memory, a native stack overflow): like
            // the network loop's end, the decode loop's is reported, or the tile stays "Live" frozen.
            log.error("decoder for {} stopped", camera, e);
            threadDeaths.died("decode", e);
        }
    }

    /**
     * Decode thread, before the picture is published: waits until the picture's sound is heard
     * (less {@link LipSync#TARGET_OFFSET_MILLIS}) while the sound plays; returns at once otherwise.
     * The next picture is decoded after this one is shown, which its own later time allows for.
     */
    private void holdForSound(VideoFrame frame) {
        long until = lipSync.presentAt(frame.timestamp(), System.nanoTime(), wallMicros());
        long wait;
        while (!closed.getAsBoolean() && (wait = until - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait); // a presentation time, not a condition: nothing to wake us sooner
        }
    }

    private static long wallMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }
}
