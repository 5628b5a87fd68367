package io.p2pcam.camera.live;

import io.p2pcam.camera.media.EncoderSettings;
import io.p2pcam.protocol.recovery.BitrateController;
import io.p2pcam.protocol.recovery.SenderLink;
import io.p2pcam.protocol.session.VideoStream;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * One of the camera's encoders (main or sub-stream) serves every viewer of its stream, so it runs
 * at the rate the worst of their paths takes: one {@link BitrateController} per viewer, the lowest
 * target wins. A viewer of the other stream does not count: the main stream's viewers are not held
 * to the weak path the sub-stream is for, and a weak path on the sub-stream still lowers the
 * sub-stream (left at its configured rate, a path that could not carry it kept losing packets for
 * as long as the viewer watched). Each change reopens the encoder and so costs a keyframe
 * (EncoderLoop#setBitrate): a change is made only when the target moved {@link #MIN_STEP} or more
 * from the current rate and {@link #MIN_SPACING_MILLIS} after the last.
 *
 * <p>Network thread only.
 */
final class RateControl {
    static final double MIN_STEP = 0.25;
    static final long MIN_SPACING_MILLIS = 3_000;

    private final VideoStream stream;
    private final long configured;
    private final LongConsumer apply;
    private final LongSupplier clock;
    private final Map<Integer, BitrateController> viewers = new HashMap<>();
    private long current;
    private long lastChange = Long.MIN_VALUE / 2;

    RateControl(VideoStream stream, long configured, LongConsumer apply) {
        this(stream, configured, apply, () -> System.nanoTime() / 1_000_000);
    }

    RateControl(VideoStream stream, long configured, LongConsumer apply, LongSupplier clock) {
        this.stream = stream;
        this.configured = configured;
        this.current = configured;
        this.apply = apply;
        this.clock = clock;
    }

    /** A report of viewer {@code sessionId}'s path for {@code watched}, the stream it watches. */
    void onReport(int sessionId, VideoStream watched, SenderLink.Quality quality) {
        if (watched != stream) {
            forget(sessionId); // moved to the other stream: what its path took of this one no longer counts
            return;
        }
        viewers.computeIfAbsent(
                        sessionId,
                        id -> new BitrateController(Math.max(EncoderSettings.MIN_BITRATE, configured / 8), configured))
                .onReport(quality);
        reconsider();
    }

    void forget(int sessionId) {
        if (viewers.remove(sessionId) != null) {
            reconsider();
        }
    }

    long current() {
        return current;
    }

    private void reconsider() {
        long target = viewers.values().stream()
                .mapToLong(BitrateController::target)
                .min()
                .orElse(configured);
        long now = clock.getAsLong();
        boolean bigEnough =
                Math.abs(target - current) >= MIN_STEP * current || target == configured && current != configured;
        if (bigEnough && now - lastChange >= MIN_SPACING_MILLIS) {
            current = target;
            lastChange = now;
            apply.accept(target);
        }
    }
}
