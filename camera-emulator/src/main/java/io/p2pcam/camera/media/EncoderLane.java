package io.p2pcam.camera.media;

import io.p2pcam.protocol.media.PixelCode;
import io.p2pcam.protocol.session.VideoStream;
import io.p2pcam.runtime.LogSpacing;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/** One stream: its encoder (open only while subscribed), subscribers and keyframe requests. */
final class EncoderLane {
    private static final Logger LOG = LoggerFactory.getLogger(EncoderLoop.class); // the camera log's name for it

    final VideoStream stream;
    final EncoderSettings settings;
    final PictureScaler scaler; // null for the main stream, which encodes the capture itself
    final RawFrame scaled;
    final List<EncoderLoop.Subscription> subscriptions = new CopyOnWriteArrayList<>();
    final AtomicBoolean keyframeRequested = new AtomicBoolean();
    volatile H264Encoder encoder; // opened and closed by the loop thread only
    volatile int requestedBitrate;
    volatile int runningBitrate;
    long lastKeyframeNanos; // loop-thread confined
    boolean anyKeyframe; // loop-thread confined
    volatile long encoded;
    volatile long keyframes;
    volatile long encodeNanos;
    volatile long maxEncodeNanos;
    volatile long starts;
    volatile long subscribedNanos; // when the stream last gained its first subscriber
    long timedSubscription; // loop-thread confined: the subscribedNanos whose first keyframe was logged
    long openedInNanos = -1; // loop-thread confined: how long opening the encoder took, -1 once reported
    /** Loop-thread confined: a viewer flipping streams at will must not flood the log with first keyframes. */
    private final LogSpacing startLines = new LogSpacing(Duration.ofSeconds(10));

    private final boolean stampsPictures;
    private final Supplier<StandbyKeyframe> standby;
    private final LongSupplier nanoTime;

    /**
     * @param stampsPictures whether the source stamps its pictures (a scaled copy is stamped anew)
     * @param standby the loop's standby keyframe keeper now, or null; always null for the sub-stream
     */
    EncoderLane(
            VideoStream stream,
            EncoderSettings settings,
            H264Encoder open,
            VideoFormat sourceFormat,
            boolean stampsPictures,
            Supplier<StandbyKeyframe> standby,
            LongSupplier nanoTime) {
        this.stampsPictures = stampsPictures;
        this.standby = standby;
        this.nanoTime = nanoTime;
        this.stream = stream;
        this.settings = settings;
        this.encoder = open;
        this.requestedBitrate = settings.bitrate();
        this.runningBitrate = settings.bitrate();
        boolean scaledDown = !EncoderLoop.sameSize(sourceFormat, settings.format());
        this.scaler = scaledDown ? new PictureScaler(sourceFormat, settings.format()) : null;
        this.scaled = scaledDown ? new RawFrame(settings.format()) : null;
    }

    /** Whether a requested keyframe may be made now (loop thread). */
    boolean keyframeDue(long now) {
        return keyframeRequested.get()
                && (!anyKeyframe || now - lastKeyframeNanos >= EncoderLoop.MIN_FORCED_KEYFRAME_SPACING.toNanos());
    }

    /**
     * Opens the encoder for the first subscriber; after the last one leaves keeps it open but
     * idle (given no pictures) while {@code cameraWatched} (another stream has viewers), so that
     * a viewer switching back gets its keyframe without the encoder being opened on the way,
     * and closes it once nobody watches the camera. Whether the stream is encoded now.
     */
    boolean followDemand(boolean cameraWatched) throws EncoderException {
        boolean keepsStandby = standby.get() != null;
        if (subscriptions.isEmpty()) {
            if (keepsStandby) {
                openIfNeeded(); // it makes the standby keyframe
            } else if (encoder != null && !cameraWatched) {
                encoder.close();
                encoder = null;
                LOG.info("{} stream: nobody watches the camera, encoder closed", label());
            }
            return false;
        }
        openIfNeeded();
        return true;
    }

    /** Opens the encoder, or opens it again at a new bitrate; a standby keyframe of the old one is dropped. */
    private void openIfNeeded() throws EncoderException {
        int wanted = requestedBitrate;
        if (encoder != null && wanted != encoder.settings().bitrate()) {
            encoder.close(); // openh264 as FFmpeg wraps it takes no new rate once open
            encoder = null;
            LOG.info("{} encoder bitrate now {} kbit/s", label(), wanted / 1000);
        }
        if (encoder == null) {
            StandbyKeyframe kept = standby.get();
            if (kept != null) {
                kept.drop(); // the new encoder's pictures cannot refer to the old one's keyframe
            }
            EncoderSettings now =
                    new EncoderSettings(settings.format(), wanted, settings.keyframeInterval(), settings.threads());
            long opening = nanoTime.getAsLong();
            encoder = new H264Encoder(now);
            openedInNanos = nanoTime.getAsLong() - opening;
            runningBitrate = wanted;
            anyKeyframe = false; // a fresh encoder starts with a keyframe anyway
            starts++;
        }
    }

    /** Nobody watches: encodes {@code capture} as the standby keyframe if one is due (not counted). */
    void keepStandby(RawFrame capture, StandbyKeyframe kept) throws EncoderException {
        long now = nanoTime.getAsLong();
        if (encoder == null || !kept.due(now)) {
            return;
        }
        EncodedFrame keyframe = encoder.encode(capture, true);
        if (keyframe != null && keyframe.keyframe()) {
            kept.keep(keyframe, now);
        }
    }

    /**
     * The first subscriber came while a standby keyframe was kept: it (made at {@code madeAt})
     * goes to the subscribers at once, as the keyframe that answers every request so far; the
     * next tick's picture is predicted from it.
     */
    void startFrom(EncodedFrame keyframe, long madeAt) {
        long now = nanoTime.getAsLong();
        encoded++;
        keyframes++;
        anyKeyframe = true;
        lastKeyframeNanos = now; // no forced keyframe right after it
        keyframeRequested.set(false);
        if (timedSubscription != subscribedNanos) {
            timedSubscription = subscribedNanos;
            startLine(now)
                    .log(
                            "{} stream watched ({}): first keyframe {} ms after its first viewer came (standby"
                                    + " keyframe made {} ms before, {} bytes){}",
                            label(),
                            settings.format(),
                            millis(now - subscribedNanos),
                            millis(now - madeAt),
                            keyframe.size(),
                            startLines.heldBackInWords());
        }
        deliverToAll(keyframe);
    }

    void encode(RawFrame capture) throws EncoderException {
        RawFrame picture = capture;
        if (scaler != null) {
            scaler.scale(capture, scaled);
            if (stampsPictures) { // the stamp's blocks follow the picture size: draw it anew
                PixelCode.write(
                        scaled.data(),
                        scaled.yOffset(),
                        scaled.lumaStride(),
                        scaled.width(),
                        scaled.height(),
                        new PixelCode.Stamp(scaled.frameNumber() & 0xFFFF_FFFFL, scaled.captureMicros()));
            }
            picture = scaled;
        }
        long start = nanoTime.getAsLong();
        boolean forceKeyframe = keyframeDue(start);
        EncodedFrame encodedFrame = encoder.encode(picture, forceKeyframe);
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
            if (timedSubscription != subscribedNanos) {
                timedSubscription = subscribedNanos;
                logStart(took, encodedFrame.size());
            }
        }
        deliverToAll(encodedFrame);
    }

    private void deliverToAll(EncodedFrame encodedFrame) {
        for (EncoderLoop.Subscription subscription : subscriptions) {
            try {
                subscription.deliver(encodedFrame);
            } catch (RuntimeException e) {
                LOG.warn("removing a subscriber that failed: {}", e.toString());
                subscription.cancel();
            }
        }
    }

    void release() {
        H264Encoder open = encoder;
        encoder = null;
        if (open != null) {
            open.close();
        }
    }

    /** Where the time to a newly watched stream's first keyframe went (issue 16: switch ≤ 300 ms). */
    private void logStart(long encodeNanos, int bytes) {
        long now = nanoTime.getAsLong();
        startLine(now)
                .log(
                        "{} stream watched ({}): first keyframe {} ms after its first viewer came ({}, keyframe"
                                + " encoded in {} ms, {} bytes){}",
                        label(),
                        settings.format(),
                        millis(now - subscribedNanos),
                        openedInNanos < 0 ? "encoder kept open" : "encoder opened in " + millis(openedInNanos) + " ms",
                        millis(encodeNanos),
                        bytes,
                        startLines.heldBackInWords());
        openedInNanos = -1;
    }

    /** INFO for a stream's start, but DEBUG within 10 s of the last one written (the next says how many). */
    private LoggingEventBuilder startLine(long nowNanos) {
        return startLines.admits(nowNanos / 1_000_000) ? LOG.atInfo() : LOG.atDebug();
    }

    static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }

    private String label() {
        return stream == VideoStream.SUB ? "sub" : "main";
    }
}
