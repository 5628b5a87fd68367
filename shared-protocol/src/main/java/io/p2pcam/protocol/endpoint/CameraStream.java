package io.p2pcam.protocol.endpoint;

/**
 * What the camera streams: its main stream's size and rate, announced to each admitted viewer,
 * and its sub-stream's size (0 x 0: none), which viewers may select (docs/PROTOCOL.md §10.9).
 */
public record CameraStream(int width, int height, int fps, int subWidth, int subHeight) {
    /** A main stream only. */
    public CameraStream(int width, int height, int fps) {
        this(width, height, fps, 0, 0);
    }

    public boolean hasSub() {
        return subWidth > 0 && subHeight > 0;
    }
}
