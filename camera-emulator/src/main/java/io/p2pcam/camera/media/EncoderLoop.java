package io.p2pcam.camera.media;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The camera's live stream: one thread takes a picture from the source at the frame rate, encodes
 * it once and hands the same {@link EncodedFrame} to every subscriber (every connected viewer).
 *
 * <p><b>Pacing.</b> Capture ticks are spaced {@code 1/fps} apart on a monotonic clock. If capture
 * and encoding take longer than a tick, the ticks already missed are skipped (and counted) instead
 * of being caught up in a burst, so no backlog and no latency builds up.
 *
 * <p><b>Subscribers.</b> Each subscriber's stream starts with a keyframe (subscribing asks for
 * one, and pictures before it are withheld). A subscriber must not block ({@link FrameSubscriber}):
 * the live camera's subscriber packetizes the picture and hands the packets to the network thread,
 * whose per-viewer pacer absorbs a slow path. A subscriber that throws is removed.
 *
 * <p><b>Ownership and threads.</b> The loop owns the source and the encoder and closes them when
 * its thread ends; only that thread touches them. {@link #subscribe}, {@link #requestKeyframe},
 * {@link #stats()} and {@link #close()} may be called from any thread.
 */
public final class EncoderLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EncoderLoop.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    /**
     * Forced keyframes are at least this far apart: they are several times the size of other
     * pictures, and one viewer on a lossy path must not flood everybody's stream with them.
     */
    public static final Duration MIN_FORCED_KEYFRAME_SPACING = Duration.ofMillis(250);

    private final VideoSource source;
    private volatile H264Encoder encoder; // replaced only by the loop thread (bitrate changes)
    private volatile int requestedBitrate;
    private final LongSupplier nanoTime;
    private final long interval;
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final AtomicBoolean keyframeRequested = new AtomicBoolean();
    private final Thread thread;
    private volatile boolean running;
    private boolean closed;
    private long lastKeyframeNanos; // loop-thread confined
    private boolean anyKeyframe; // loop-thread confined
    private volatile Exception failure;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private volatile long captured;
    private volatile long encoded;
    private volatile long skippedTicks;
    private volatile long keyframes;
    private volatile long encodeNanos;
    private volatile long maxEncodeNanos;

    /** A subscriber's place in the loop; cancel it when the viewer leaves. */
    public final class Subscription {
        private final FrameSubscriber subscriber;
        private boolean started; // loop-thread confined

        private Subscription(FrameSubscriber subscriber) {
            this.subscriber = subscriber;
        }

        /** Stops delivery; the subscriber may still get one picture already on its way. */
        public void cancel() {
            subscriptions.remove(this);
        }

        private void deliver(EncodedFrame frame) {
            if (!started && !frame.keyframe()) {
                return;
            }
            started = true;
            subscriber.onFrame(frame);
        }
    }

    /**
     * @param source pictures at the encoder's size; owned by the loop from now on
     * @param encoder owned by the loop from now on
     */
    public EncoderLoop(VideoSource source, H264Encoder encoder) {
        this(source, encoder, System::nanoTime);
    }

    EncoderLoop(VideoSource source, H264Encoder encoder, LongSupplier nanoTime) {
        VideoFormat sourceFormat = source.format();
        VideoFormat encoderFormat = encoder.settings().format();
        if (sourceFormat.width() != encoderFormat.width() || sourceFormat.height() != encoderFormat.height()) {
            throw new IllegalArgumentException(
                    "source delivers " + sourceFormat + ", encoder expects " + encoderFormat);
        }
        this.source = source;
        this.encoder = encoder;
        this.requestedBitrate = encoder.settings().bitrate();
        this.nanoTime = nanoTime;
        this.interval = encoderFormat.frameIntervalNanos();
        this.thread = Thread.ofPlatform().name("encoder-loop").daemon(true).unstarted(this::run);
    }

    /** Starts capturing and encoding. */
    public synchronized void start() {
        if (closed || thread.getState() != Thread.State.NEW) {
            throw new IllegalStateException("encoder loop already started");
        }
        running = true;
        thread.start();
    }

    /** Starts capturing and encoding unless already started: for several cameras sharing one loop. */
    public synchronized void ensureStarted() {
        if (!closed && thread.getState() == Thread.State.NEW) {
            start();
        }
    }

    /** Adds a subscriber; its first picture will be a keyframe, asked for now. */
    public Subscription subscribe(FrameSubscriber subscriber) {
        Subscription subscription = new Subscription(subscriber);
        subscriptions.add(subscription);
        requestKeyframe();
        return subscription;
    }

    /**
     * Makes the next captured picture an IDR keyframe (a viewer lost a picture or just joined), or
     * the first one {@link #MIN_FORCED_KEYFRAME_SPACING} after the last keyframe if that was more
     * recent. Requests made while waiting are merged into one.
     */
    public void requestKeyframe() {
        keyframeRequested.set(true);
        LockSupport.unpark(thread); // a keyframe that is due is made from the newest capture, not at the next tick
    }

    /** The bitrate the encoder runs at now (bit/s). */
    public int bitrate() {
        return encoder.settings().bitrate();
    }

    /**
     * Asks for another bitrate (rate control: viewers' paths got worse or better). openh264 as
     * FFmpeg wraps it takes no new rate once open, so the loop opens a new encoder at the next
     * picture, which therefore starts with a keyframe: callers should change rarely and in steps
     * (LiveCamera waits seconds and 25 % between changes).
     */
    public void setBitrate(int bitsPerSecond) {
        requestedBitrate = Math.clamp(bitsPerSecond, EncoderSettings.MIN_BITRATE, EncoderSettings.MAX_BITRATE);
    }

    public LoopStats stats() {
        return new LoopStats(captured, encoded, skippedTicks, keyframes, encodeNanos, maxEncodeNanos);
    }

    /** Whether the loop's thread is capturing (false before start, after close or a failure). */
    public boolean isRunning() {
        return running && thread.isAlive();
    }

    /** Why the loop stopped by itself: the source or encoder failed. */
    public Optional<Exception> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * Completes when the loop's thread has ended: normally after {@link #close()}, exceptionally
     * with the {@link #failure()} when the source or encoder failed (a webcam unplugged). Its
     * dependants run on the loop thread as it ends and must not block.
     */
    public CompletableFuture<Void> terminated() {
        return terminated;
    }

    /** Stops the thread, waiting for it to release the source and encoder. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (thread.getState() == Thread.State.NEW) {
            releaseResources();
            terminated.complete(null);
            return;
        }
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(STOP_TIMEOUT);
            if (thread.isAlive()) {
                thread.interrupt(); // a camera blocked in grab
                thread.join(STOP_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("encoder loop did not stop within {} s", 2 * STOP_TIMEOUT.toSeconds());
        }
    }

    private void run() {
        try {
            long next = nanoTime.getAsLong();
            while (running) {
                long now = nanoTime.getAsLong();
                if (now < next && !keyframeDue(now)) {
                    LockSupport.parkNanos(next - now);
                    continue;
                }
                if (now < next) {
                    // A viewer is waiting for its first picture: encode the newest capture now and
                    // take up the frame rate from here (issue 16: pictures at once).
                    captureAndEncode();
                    next = now + interval;
                    continue;
                }
                long missed = (now - next) / interval;
                if (missed > 0) {
                    skippedTicks += missed;
                    next += missed * interval;
                }
                captureAndEncode();
                next += interval;
            }
        } catch (SourceException | EncoderException | RuntimeException e) {
            failure = e;
            LOG.error("live stream stopped: {}", e.getMessage(), e instanceof RuntimeException ? e : null);
        } finally {
            running = false;
            try {
                releaseResources();
            } finally {
                Exception cause = failure;
                if (cause == null) {
                    terminated.complete(null);
                } else {
                    terminated.completeExceptionally(cause);
                }
            }
        }
    }

    /** Whether a requested keyframe may be made now (loop thread). */
    private boolean keyframeDue(long now) {
        return keyframeRequested.get()
                && (!anyKeyframe || now - lastKeyframeNanos >= MIN_FORCED_KEYFRAME_SPACING.toNanos());
    }

    private void captureAndEncode() throws SourceException, EncoderException {
        int wanted = requestedBitrate;
        if (wanted != encoder.settings().bitrate()) {
            EncoderSettings current = encoder.settings();
            H264Encoder replacement = new H264Encoder(
                    new EncoderSettings(current.format(), wanted, current.keyframeInterval(), current.threads()));
            encoder.close();
            encoder = replacement;
            LOG.info("encoder bitrate now {} kbit/s", wanted / 1000);
        }
        RawFrame frame = source.next();
        captured++;
        long start = nanoTime.getAsLong();
        boolean forceKeyframe = keyframeDue(start);
        EncodedFrame encodedFrame = encoder.encode(frame, forceKeyframe);
        long took = nanoTime.getAsLong() - start;
        encodeNanos += took;
        maxEncodeNanos = Math.max(maxEncodeNanos, took);
        if (encodedFrame == null) {
            return; // a pending request stays pending
        }
        encoded++;
        if (encodedFrame.keyframe()) {
            keyframes++;
            anyKeyframe = true;
            lastKeyframeNanos = start;
            keyframeRequested.set(false); // any keyframe, periodic or forced, answers every request so far
        }
        for (Subscription subscription : subscriptions) {
            try {
                subscription.deliver(encodedFrame);
            } catch (RuntimeException e) {
                LOG.warn("removing a subscriber that failed: {}", e.toString());
                subscription.cancel();
            }
        }
    }

    private void releaseResources() {
        try {
            source.close();
        } finally {
            encoder.close();
        }
    }
}
