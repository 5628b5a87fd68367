package io.p2pcam.viewer.probe;

import io.p2pcam.protocol.endpoint.AnnouncedStreams;
import io.p2pcam.protocol.media.DepacketizerEvent;
import io.p2pcam.protocol.media.PictureSize;
import io.p2pcam.protocol.session.VideoStream;
import io.p2pcam.viewer.engine.connection.CameraConnection;
import io.p2pcam.viewer.engine.frame.VideoFrame;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * probe's {@code --switch-to}: times one switch between the camera's streams (docs/PROTOCOL.md
 * §10.9) from the SELECT_STREAM asked for to the new stream's first packet, its first keyframe
 * complete (access unit) and its first picture decoded, told apart from the old stream's by its
 * size (of a camera that lists its streams, the size of the stream asked for). Fed by the network
 * thread (access units) and the decode thread (pictures).
 */
final class SwitchWatch {
    private final int fromWidth;
    private final int fromHeight;
    private final AnnouncedStreams streams;
    private final VideoStream target;
    private final long askedNanos;
    private final CountDownLatch switched = new CountDownLatch(1);
    private volatile long keyframeNanos;
    private volatile long pictureNanos;
    private volatile int width;
    private volatile int height;

    /**
     * A switch to {@code target} of a camera that listed {@code streams}, away from pictures of
     * {@code fromWidth} x {@code fromHeight}, asked for at {@code askedNanos}.
     */
    SwitchWatch(int fromWidth, int fromHeight, AnnouncedStreams streams, VideoStream target, long askedNanos) {
        this.fromWidth = fromWidth;
        this.fromHeight = fromHeight;
        this.streams = streams;
        this.target = target;
        this.askedNanos = askedNanos;
    }

    /**
     * An access unit from the depacketizer (network thread): the first keyframe completed after the
     * video SSRC changed at {@code streamChangedNanos} (0: not yet) is the new stream's first.
     */
    void accessUnit(DepacketizerEvent event, long streamChangedNanos, long nowNanos) {
        if (keyframeNanos == 0
                && streamChangedNanos >= askedNanos
                && event instanceof DepacketizerEvent.AccessUnit unit
                && unit.keyframe()) {
            keyframeNanos = nowNanos;
        }
    }

    /**
     * A decoded picture (decode thread): the first of another size is the new stream's first; of a
     * camera that listed its streams, only at a size of the stream asked for (decision 0044: a main
     * stream reopened at another size is no switch to the sub-stream).
     */
    void picture(VideoFrame frame, long nowNanos) {
        boolean otherSize = frame.width() != fromWidth || frame.height() != fromHeight;
        boolean asked = !streams.listed() || streams.streamOf(new PictureSize(frame.width(), frame.height())) == target;
        if (pictureNanos == 0 && otherSize && asked) {
            width = frame.width();
            height = frame.height();
            pictureNanos = nowNanos;
            switched.countDown();
        }
    }

    /**
     * Asks {@code connection} for {@code target} and waits up to {@code waitNanos} for its first
     * picture: the switch as probe's --switch-to times it.
     */
    static SwitchWatch run(
            CameraConnection connection, Milestones milestones, ProbeStats stats, VideoStream target, long waitNanos)
            throws InterruptedException {
        ProbeStats.Summary before = stats.summary(0, 0);
        SwitchWatch watch =
                new SwitchWatch(before.width(), before.height(), connection.listedStreams(), target, System.nanoTime());
        milestones.switchWatch = watch;
        connection.tapAccessUnits(event -> watch.accessUnit(event, connection.streamChangedNanos(), System.nanoTime()));
        connection.selectStream(target);
        watch.await(waitNanos);
        connection.tapAccessUnits(null);
        return watch;
    }

    /** Waits up to {@code timeoutNanos} for the new stream's first picture; whether it came. */
    boolean await(long timeoutNanos) throws InterruptedException {
        return switched.await(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Puts the figures into probe's line: {@code switchMs} (asked → first picture of the new stream
     * decoded), {@code switchFirstPacketMs} (→ its first packet), {@code switchKeyframeMs} (→ its
     * first keyframe complete), the new size; null where it did not happen.
     */
    void put(Map<String, Object> line, long streamChangedNanos) {
        line.put("switchMs", millisSinceAsked(pictureNanos));
        line.put("switchFirstPacketMs", streamChangedNanos >= askedNanos ? millisSinceAsked(streamChangedNanos) : null);
        line.put("switchKeyframeMs", millisSinceAsked(keyframeNanos));
        line.put("switchWidth", pictureNanos == 0 ? null : width);
        line.put("switchHeight", pictureNanos == 0 ? null : height);
    }

    private Double millisSinceAsked(long nanos) {
        return nanos == 0 ? null : Math.round((nanos - askedNanos) / 100_000.0) / 10.0;
    }
}
