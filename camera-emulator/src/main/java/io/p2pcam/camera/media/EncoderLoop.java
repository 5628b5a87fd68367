package io.p2pcam.camera.media;

import io.p2pcam.protocol.session.VideoStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The camera's live streams: one thread takes a picture from the source at the frame rate, encodes
 * it once per stream and hands the same {@link EncodedFrame} to every subscriber of that stream
 * (every viewer watching it). There is a main stream at the source's size and, optionally, a
 * sub-stream at a smaller size, scaled from the same capture (docs/PROTOCOL.md §10.9). Each
 * stream is encoded only while it has a subscriber: its encoder opens at the first (whose first
 * picture is a keyframe); after the last leaves it stays open but idle while the other stream is
 * watched (a viewer switching back then gets its keyframe at once, nothing to open) and closes
 * when nobody watches the camera — unless the loop keeps a standby keyframe ({@link
 * #keepStandbyKeyframe}): then the main encoder stays open and encodes one capture as a keyframe
 * every interval while nobody watches, and the next first viewer starts from it at once.
 *
 * <p><b>Pacing.</b> Capture ticks are spaced {@code 1/fps} apart on a monotonic clock. If capture
 * and encoding take longer than a tick, the ticks already missed are skipped (and counted) instead
 * of being caught up in a burst, so no backlog and no latency builds up.
 *
 * <p><b>Subscribers.</b> Each subscriber's stream starts with a keyframe (pictures before it are
 * withheld; {@link #subscribe} asks for one, {@link #subscribeAtNextKeyframe} leaves the asking to
 * its caller). A subscriber must not block ({@link FrameSubscriber}):
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
    private final EncoderLane main;
    private final EncoderLane sub; // null: no sub-stream
    private final LongSupplier nanoTime;
    private final long interval;
    private final Thread thread;
    private volatile boolean running;
    private boolean closed;
    private volatile Exception failure;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    /** The main stream's keyframe kept ready while nobody watches; null: none kept (the default). */
    private volatile StandbyKeyframe standby;

    private volatile long captured;
    private volatile long skippedTicks;

    /** A subscriber's place in the loop; cancel it when the viewer leaves. */
    public final class Subscription {
        private final EncoderLane lane;
        private final FrameSubscriber subscriber;
        private boolean started; // loop-thread confined

        private Subscription(EncoderLane lane, FrameSubscriber subscriber) {
            this.lane = lane;
            this.subscriber = subscriber;
        }

        /**
         * Stops delivery; the subscriber may still get one picture already on its way. After the
         * stream's last subscriber, its encoder idles (while the other stream is watched) or closes.
         */
        public void cancel() {
            lane.subscriptions.remove(this);
            LockSupport.unpark(thread);
        }

        void deliver(EncodedFrame frame) {
            if (!started && !frame.keyframe()) {
                return;
            }
            started = true;
            subscriber.onFrame(frame);
        }
    }

    /**
     * A main stream only.
     *
     * @param source pictures at the encoder's size; owned by the loop from now on
     * @param encoder owned by the loop from now on
     */
    public EncoderLoop(VideoSource source, H264Encoder encoder) {
        this(source, encoder, null, System::nanoTime);
    }

    /**
     * A main stream and a sub-stream scaled from the same capture.
     *
     * @param source pictures at the main encoder's size; owned by the loop from now on
     * @param encoder the main stream's, owned by the loop from now on
     * @param subStream the sub-stream's encoder settings (a size no larger than the main one), or
     *     null for none; its encoder is opened when someone subscribes to it
     */
    public EncoderLoop(VideoSource source, H264Encoder encoder, EncoderSettings subStream) {
        this(source, encoder, subStream, System::nanoTime);
    }

    EncoderLoop(VideoSource source, H264Encoder encoder, LongSupplier nanoTime) {
        this(source, encoder, null, nanoTime);
    }

    EncoderLoop(VideoSource source, H264Encoder encoder, EncoderSettings subStream, LongSupplier nanoTime) {
        VideoFormat sourceFormat = source.format();
        VideoFormat encoderFormat = encoder.settings().format();
        if (!sameSize(sourceFormat, encoderFormat)) {
            throw new IllegalArgumentException(
                    "source delivers " + sourceFormat + ", encoder expects " + encoderFormat);
        }
        this.source = source;
        this.main = new EncoderLane(
                VideoStream.MAIN,
                encoder.settings(),
                encoder,
                sourceFormat,
                source.stampsPictures(),
                () -> standby,
                nanoTime);
        this.sub = subStream == null
                ? null
                : new EncoderLane(
                        VideoStream.SUB, subStream, null, sourceFormat, source.stampsPictures(), () -> null, nanoTime);
        this.nanoTime = nanoTime;
        this.interval = encoderFormat.frameIntervalNanos();
        this.thread = Thread.ofPlatform().name("encoder-loop").daemon(true).unstarted(this::run);
    }

    static boolean sameSize(VideoFormat a, VideoFormat b) {
        return a.width() == b.width() && a.height() == b.height();
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

    /** Whether this loop also encodes a sub-stream. */
    public boolean hasSubStream() {
        return sub != null;
    }

    /** The sub-stream's size and rate, or null without one. */
    public VideoFormat subStreamFormat() {
        return sub == null ? null : sub.settings.format();
    }

    /**
     * Keeps a main-stream keyframe ready while nobody watches, made again every {@code interval}
     * ({@link StandbyKeyframe}): the next first viewer's picture then needs no encoding, and the
     * main encoder stays open. Costs one keyframe's encoding per interval while nobody watches.
     * Call before {@link #start()}.
     */
    public void keepStandbyKeyframe(Duration interval) {
        standby = new StandbyKeyframe(interval);
    }

    /** Standby keyframes made so far (0 without {@link #keepStandbyKeyframe}). */
    public long standbyKeyframesMade() {
        StandbyKeyframe kept = standby;
        return kept == null ? 0 : kept.made();
    }

    /** Adds a subscriber to the main stream; its first picture will be a keyframe, asked for now. */
    public Subscription subscribe(FrameSubscriber subscriber) {
        return subscribe(VideoStream.MAIN, subscriber);
    }

    /**
     * Adds a subscriber to {@code stream}; its first picture will be a keyframe, asked for now. The
     * stream's encoder starts if this is its first subscriber.
     */
    public Subscription subscribe(VideoStream stream, FrameSubscriber subscriber) {
        Subscription subscription = subscribeAtNextKeyframe(stream, subscriber);
        requestKeyframe(stream);
        return subscription;
    }

    /**
     * Adds a subscriber to {@code stream} whose first picture is the stream's next keyframe,
     * without asking for one: for a caller that asks for keyframes itself, within its own bounds
     * (the live camera: its endpoint holds the viewers' asks to budgets, docs/PROTOCOL.md §10.6,
     * and a viewer flipping between the streams must not key them at every flip). A stream whose
     * encoder opens for this subscriber starts with a keyframe anyway; the encoder of a stream
     * kept open while idle goes on with predicted pictures until a keyframe is asked for or due.
     */
    public Subscription subscribeAtNextKeyframe(VideoStream stream, FrameSubscriber subscriber) {
        EncoderLane lane = lane(stream);
        Subscription subscription = new Subscription(lane, subscriber);
        if (lane.subscriptions.isEmpty()) {
            lane.subscribedNanos = nanoTime.getAsLong();
        }
        lane.subscriptions.add(subscription);
        LockSupport.unpark(thread); // a keyframe asked for before this subscriber came is due now
        return subscription;
    }

    /** Whether a keyframe of {@code stream} was asked for and not made yet; for status and tests. */
    public boolean keyframeAsked(VideoStream stream) {
        return lane(stream).keyframeRequested.get();
    }

    /** Whether {@code stream} is encoded now: someone watches it and its encoder runs; for status and tests. */
    public boolean isEncoding(VideoStream stream) {
        EncoderLane lane = lane(stream);
        return lane.encoder != null && !lane.subscriptions.isEmpty();
    }

    /**
     * Whether {@code stream}'s encoder is open, encoding or idle: an unwatched stream's encoder stays
     * open while the camera's other stream is watched, so that switching to it opens nothing.
     */
    public boolean isOpen(VideoStream stream) {
        return lane(stream).encoder != null;
    }

    /** How many times {@code stream}'s encoder was started (opened for a first subscriber). */
    public long encoderStarts(VideoStream stream) {
        return lane(stream).starts;
    }

    /** As {@link #requestKeyframe(VideoStream)} for the main stream. */
    public void requestKeyframe() {
        requestKeyframe(VideoStream.MAIN);
    }

    /**
     * Makes {@code stream}'s next picture an IDR keyframe (a viewer lost a picture, joined or
     * switched to it), or the first one {@link #MIN_FORCED_KEYFRAME_SPACING} after that stream's
     * last keyframe if that was more recent. Requests made while waiting are merged into one.
     */
    public void requestKeyframe(VideoStream stream) {
        lane(stream).keyframeRequested.set(true);
        LockSupport.unpark(thread); // a keyframe that is due is made from the newest capture, not at the next tick
    }

    private EncoderLane lane(VideoStream stream) {
        if (stream == VideoStream.MAIN) {
            return main;
        }
        if (stream == VideoStream.SUB && sub != null) {
            return sub;
        }
        throw new IllegalArgumentException("this loop has no " + stream + " stream");
    }

    /** The streams this loop encodes: the main one, and the sub-stream if it has one. */
    public List<VideoStream> streams() {
        return sub == null ? List.of(VideoStream.MAIN) : List.of(VideoStream.MAIN, VideoStream.SUB);
    }

    /** The bitrate {@code stream}'s encoder runs at now, or will open at (bit/s). */
    public int bitrate(VideoStream stream) {
        return lane(stream).runningBitrate;
    }

    /**
     * Asks for another bitrate for {@code stream} (rate control: its viewers' paths got worse or better).
     * openh264 as FFmpeg wraps it takes no new rate once open, so the loop opens a new encoder at
     * the next picture, which therefore starts with a keyframe: callers should change rarely and in
     * steps (LiveCamera waits seconds and 25 % between changes).
     */
    public void setBitrate(VideoStream stream, int bitsPerSecond) {
        lane(stream).requestedBitrate =
                Math.clamp(bitsPerSecond, EncoderSettings.MIN_BITRATE, EncoderSettings.MAX_BITRATE);
    }

    /** Both streams' figures together. */
    public LoopStats stats() {
        long encoded = main.encoded;
        long keyframes = main.keyframes;
        long encodeNanos = main.encodeNanos;
        long maxEncodeNanos = main.maxEncodeNanos;
        if (sub != null) {
            encoded += sub.encoded;
            keyframes += sub.keyframes;
            encodeNanos += sub.encodeNanos;
            maxEncodeNanos = Math.max(maxEncodeNanos, sub.maxEncodeNanos);
        }
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

    /** Stops the thread, waiting for it to release the source and encoders. Idempotent. */
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
            warmUpEncoder();
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

    /**
     * Before the first tick, while nobody watches yet: encodes one capture as a keyframe with the
     * main encoder as it was handed over open, closes it, opens another with the same settings and
     * encodes the capture again, dropping both pictures (no subscriber, no statistics). The first
     * viewer's encoder then opens and encodes its keyframe as fast as every later viewer's (issue 16
     * §2: 18–33 ms to open and 45–60 ms to encode for the first viewers, under 1 ms and 25–35 ms
     * later on); the encoder left open is closed at the first tick, as for any camera nobody watches.
     */
    private void warmUpEncoder() throws SourceException, EncoderException {
        H264Encoder handedOver = main.encoder;
        if (handedOver == null || !main.subscriptions.isEmpty()) {
            return;
        }
        RawFrame picture = source.next();
        long start = nanoTime.getAsLong();
        handedOver.encode(picture, true);
        long firstDone = nanoTime.getAsLong();
        handedOver.close();
        main.encoder = new H264Encoder(handedOver.settings());
        long opened = nanoTime.getAsLong();
        main.encoder.encode(picture, true);
        LOG.info(
                "main encoder warmed up: a keyframe in {} ms, then another encoder opened in {} ms and a keyframe in {} ms",
                EncoderLane.millis(firstDone - start),
                EncoderLane.millis(opened - firstDone),
                EncoderLane.millis(nanoTime.getAsLong() - opened));
    }

    /** Whether a stream that someone watches has a keyframe due now (loop thread). */
    private boolean keyframeDue(long now) {
        return !main.subscriptions.isEmpty() && main.keyframeDue(now)
                || sub != null && !sub.subscriptions.isEmpty() && sub.keyframeDue(now);
    }

    /**
     * Captures one picture (always: a webcam read late delivers stale pictures) and encodes it for
     * each stream someone watches.
     */
    private void captureAndEncode() throws SourceException, EncoderException {
        boolean watched = !main.subscriptions.isEmpty() || sub != null && !sub.subscriptions.isEmpty();
        boolean mainRuns = main.followDemand(watched);
        boolean subRuns = sub != null && sub.followDemand(watched);
        RawFrame frame = source.next();
        captured++;
        EncodedFrame keyframe;
        StandbyKeyframe kept = standby;
        if (!mainRuns) {
            if (kept != null) {
                main.keepStandby(frame, kept);
            }
        } else if (kept != null && (keyframe = kept.take(nanoTime.getAsLong())) != null) {
            // The first viewer came: the kept keyframe goes at once; this capture is not encoded
            // (its picture would come a moment after), the next tick's is predicted from the keyframe.
            main.startFrom(keyframe, kept.madeAt());
        } else {
            main.encode(frame);
        }
        if (subRuns) {
            sub.encode(frame);
        }
    }

    private void releaseResources() {
        try {
            source.close();
        } finally {
            try {
                main.release();
            } finally {
                if (sub != null) {
                    sub.release();
                }
            }
        }
    }
}
