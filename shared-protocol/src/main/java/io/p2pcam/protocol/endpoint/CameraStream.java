package io.p2pcam.protocol.endpoint;

import io.p2pcam.protocol.session.StreamOffer;
import io.p2pcam.protocol.session.VideoStream;
import java.util.List;

/**
 * What the camera streams: its main stream's size and rate, announced to each admitted viewer,
 * and its sub-stream's size (0 x 0: none) and rate, which viewers may select (docs/PROTOCOL.md
 * §10.9). {@code listed}: whether the welcome lists the streams (§10.1, decision
 * 0044); false only stands in for a camera older than the list, to show how viewers treat one.
 */
public record CameraStream(int width, int height, int fps, int subWidth, int subHeight, int subFps, boolean listed) {
    /** A main stream and a sub-stream (0 x 0: none) at {@code subFps} frames a second, listed. */
    public CameraStream(int width, int height, int fps, int subWidth, int subHeight, int subFps) {
        this(width, height, fps, subWidth, subHeight, subFps, true);
    }

    /** A main stream and a sub-stream of {@code subWidth} x {@code subHeight} (0 x 0: none) at the main stream's rate. */
    public CameraStream(int width, int height, int fps, int subWidth, int subHeight) {
        this(width, height, fps, subWidth, subHeight, fps);
    }

    /** A main stream only. */
    public CameraStream(int width, int height, int fps) {
        this(width, height, fps, 0, 0);
    }

    public boolean hasSub() {
        return subWidth > 0 && subHeight > 0;
    }

    /** The streams the welcome lists: the main stream, then the sub-stream if there is one; none unless listed. */
    List<StreamOffer> offers() {
        if (!listed) {
            return List.of();
        }
        StreamOffer main = new StreamOffer(VideoStream.MAIN, width, height, fps);
        return hasSub() ? List.of(main, new StreamOffer(VideoStream.SUB, subWidth, subHeight, subFps)) : List.of(main);
    }
}
