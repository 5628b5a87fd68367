package io.p2pcam.viewer.engine.decode;

import io.p2pcam.protocol.media.DepacketizerEvent;
import io.p2pcam.protocol.media.DepacketizerEvent.AccessUnit;
import io.p2pcam.protocol.media.DepacketizerEvent.DroppedPacket;
import io.p2pcam.protocol.media.DepacketizerEvent.IncompleteAccessUnit;
import io.p2pcam.viewer.engine.frame.LatestFrameMailbox;
import io.p2pcam.viewer.engine.frame.VideoFrame;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receive side of one video stream after depacketization: decodes intact access units,
 * converts each picture to BGRA into the mailbox's writable frame and publishes it.
 *
 * <p>Loss handling: after an incomplete access unit or a decode error, and at the start until
 * the first keyframe, later access units would only decode into smeared pictures, so the
 * pipeline withholds everything up to the next keyframe and tells its {@link Listener} once per
 * such episode that it needs one (the session turns that into a PLI, RFC 4585 §6.3.1, and owns
 * any retry timing). It resumes at the keyframe with a flushed decoder.
 *
 * <p>Thread-safety: {@link #accept} and {@link #close()} from one thread only (the decode
 * thread, which is also the mailbox's producer); {@link #stats()} and {@link
 * #awaitingKeyframe()} from any thread. Owns the decoder and converter it is given and closes
 * them in {@link #close()}.
 */
public final class FramePipeline implements AutoCloseable {

    /** Hears what the session must act on. Called on the decode thread; returns quickly (pictureDecoded: see there). */
    @FunctionalInterface
    public interface Listener {
        /** Pictures are withheld until a keyframe arrives; ask the camera for one. */
        void keyframeNeeded(KeyframeCause cause);

        /**
         * A picture was decoded and converted, just before it is published to the mailbox: the one
         * place that sees every picture (the mailbox's consumer may skip some). Valid only during
         * the call. It may wait until the picture's presentation time (a session holding pictures
         * for their sound: lip sync); the picture is published when it returns, and that wait does
         * not count as decoding time.
         */
        default void pictureDecoded(VideoFrame frame) {}
    }

    private static final Logger log = LoggerFactory.getLogger(FramePipeline.class);

    private final PictureDecoder decoder;
    private final BgraConverter converter;
    private final LatestFrameMailbox mailbox;
    private final Listener listener;

    private volatile boolean awaitingKeyframe = true;
    private boolean keyframeRequested;
    private volatile long accessUnits;
    private volatile long framesDecoded;
    private volatile long accessUnitsSkipped;
    private volatile long incompleteAccessUnits;
    private volatile long decodeErrors;
    private volatile long keyframeRequests;
    private volatile long decodeNanos;
    private volatile int fitWidth;
    private volatile int fitHeight;
    private final StampReader stamps = new StampReader();
    private final AtomicReference<Consumer<VideoFrame>> capture = new AtomicReference<>();
    private VideoFrame fullSize;

    /** A pipeline that owns {@code decoder} and {@code converter} and feeds {@code mailbox}. */
    public FramePipeline(
            PictureDecoder decoder, BgraConverter converter, LatestFrameMailbox mailbox, Listener listener) {
        this.decoder = Objects.requireNonNull(decoder);
        this.converter = Objects.requireNonNull(converter);
        this.mailbox = Objects.requireNonNull(mailbox);
        this.listener = Objects.requireNonNull(listener);
    }

    /**
     * A pipeline with its own decoder, on the hardware device {@link HwDecoding} chose (falling
     * back to software by itself) or a two-thread software one, and its own converter.
     */
    public static FramePipeline create(LatestFrameMailbox mailbox, Listener listener) {
        return new FramePipeline(HwDecoding.current().newDecoder(), new BgraConverter(), mailbox, listener);
    }

    /**
     * Which decoder works now, for the stats overlay and `probe`: "sw", "hw: vaapi", or "sw (why
     * not on the device)". Any thread.
     */
    public String decoderName() {
        return decoder.decoderName();
    }

    /**
     * Decodes {@code keyframe} (one complete IDR access unit, e.g. {@link DecoderWarmUp#keyframe()})
     * and converts its picture into the mailbox's writable frame without publishing it, then drops
     * it from the decoder: nothing is shown, counted or asked for. Called once before the first
     * {@link #accept}, while the connection is still being made, it moves the first picture's
     * set-up (the decoder's tables and picture pool, the converter's context, the frame's buffer) off
     * the first picture's path when the stream has the keyframe's size (decoders set up again for
     * another size, as they would anyway). Decode thread only. Whether a picture came out.
     */
    public boolean warmUp(byte[] keyframe) {
        if (decoder.decode(keyframe, keyframe.length, 0) != DecodeStatus.FRAME) {
            decoder.flush();
            return false;
        }
        stamps.captureMicros(decoder.frame()); // the same code path a picture takes; the warm-up's stamp is not kept
        converter.convertFitting(decoder.frame(), mailbox.writable(), fitWidth, fitHeight);
        decoder.flush(); // the warm-up picture must never be a reference for the stream's pictures
        return true;
    }

    /** Takes the depacketizer's next event. Decode thread only. */
    public void accept(DepacketizerEvent event) {
        switch (event) {
            case AccessUnit accessUnit -> onAccessUnit(accessUnit);
            case IncompleteAccessUnit incomplete -> {
                incompleteAccessUnits++;
                lose(KeyframeCause.INCOMPLETE_ACCESS_UNIT);
            }
            case DroppedPacket ignored -> {
                // A duplicate or stale packet leaves every access unit intact.
            }
        }
    }

    private void onAccessUnit(AccessUnit accessUnit) {
        accessUnits++;
        if (awaitingKeyframe) {
            if (!accessUnit.keyframe()) {
                accessUnitsSkipped++;
                requestKeyframe(KeyframeCause.STREAM_START);
                return;
            }
            decoder.flush();
            awaitingKeyframe = false;
            keyframeRequested = false;
        }
        long start = System.nanoTime();
        byte[] annexB = accessUnit.annexB();
        DecodeStatus status = decoder.decode(annexB, annexB.length, accessUnit.timestamp());
        switch (status) {
            case FRAME -> {
                Consumer<VideoFrame> snapshot = capture.getAndSet(null);
                if (snapshot != null) {
                    deliverFullSize(snapshot, accessUnit.timestamp());
                }
                VideoFrame target = mailbox.writable();
                long captureMicros = stamps.captureMicros(decoder.frame());
                converter.convertFitting(decoder.frame(), target, fitWidth, fitHeight);
                target.describe(accessUnit.timestamp(), framesDecoded + 1, captureMicros);
                long decoded = System.nanoTime(); // the listener may hold the picture (lip sync): not decoding
                listener.pictureDecoded(target);
                mailbox.publish();
                framesDecoded++;
                decodeNanos += decoded - start;
            }
            case NO_FRAME -> {
                // Parameter sets or a picture still in the decoder: nothing to show yet.
            }
            case ERROR -> {
                decodeErrors++;
                log.debug("Access unit ts={} not decodable: {}", accessUnit.timestamp(), decoder.lastError());
                lose(KeyframeCause.DECODE_ERROR);
            }
        }
    }

    private void deliverFullSize(Consumer<VideoFrame> snapshot, long timestamp) {
        if (fullSize == null) {
            fullSize = new VideoFrame();
        }
        converter.convert(decoder.frame(), fullSize);
        fullSize.describe(timestamp, framesDecoded + 1);
        try {
            snapshot.accept(fullSize);
        } catch (RuntimeException e) {
            log.warn("Picture capture failed: {}", e.toString());
        }
    }

    /**
     * Hands the next decoded picture at its full size (whatever {@link #fitWithin} says) to {@code
     * consumer} on the decode thread, once; the frame is valid during the call only. Any thread.
     */
    public void captureNextPicture(Consumer<VideoFrame> consumer) {
        capture.set(Objects.requireNonNull(consumer));
    }

    private void lose(KeyframeCause cause) {
        awaitingKeyframe = true;
        requestKeyframe(cause);
    }

    private void requestKeyframe(KeyframeCause cause) {
        if (keyframeRequested) {
            return;
        }
        keyframeRequested = true;
        keyframeRequests++;
        listener.keyframeNeeded(cause);
    }

    /**
     * Scales pictures down to fit within this size from the next one on (aspect kept, never
     * enlarged); 0 for full size. Any thread.
     */
    public void fitWithin(int width, int height) {
        fitWidth = Math.max(0, width);
        fitHeight = Math.max(0, height);
    }

    /** Whether pictures are being withheld until the next keyframe. Any thread. */
    public boolean awaitingKeyframe() {
        return awaitingKeyframe;
    }

    /** The counters so far; each is exact, together they may be a few events apart. Any thread. */
    public PipelineStats stats() {
        return new PipelineStats(
                accessUnits,
                framesDecoded,
                mailbox.droppedCount(),
                accessUnitsSkipped,
                incompleteAccessUnits,
                decodeErrors,
                keyframeRequests,
                decodeNanos);
    }

    /** Frees the decoder and converter. Decode thread only. */
    @Override
    public void close() {
        decoder.close();
        converter.close();
    }
}
