package io.p2pcam.viewer.engine.connection;

import io.p2pcam.protocol.session.VideoStream;

/**
 * Which of a camera's streams a tile asks for (docs/PROTOCOL.md §10.9), by the tile's size in
 * device pixels: the sub-stream for a tile no larger than {@value #SUB_MAX_WIDTH} x {@value
 * #SUB_MAX_HEIGHT}, the main stream otherwise and for the single view (size 0: full size).
 *
 * <p>The bound is the reference sub-stream (640x360) enlarged by a quarter: up to there, showing
 * the sub-stream slightly enlarged looks as good as shrinking the main stream and costs a quarter
 * of the decoding; beyond it the sub-stream would look soft. A 16-tile grid on a 1920x1080 screen
 * (480x270 tiles) and a 9-tile one (640x360) take sub-streams; a 4-tile grid (about 830x470) and
 * the single view take main streams. Pure and thread-safe.
 */
public final class StreamChoice {
    public static final int SUB_MAX_WIDTH = 800;
    public static final int SUB_MAX_HEIGHT = 450;

    private StreamChoice() {}

    /** The stream for a tile of {@code width} x {@code height} device pixels (0 x 0: unknown or full size). */
    public static VideoStream forTile(int width, int height) {
        if (width <= 0 || height <= 0) {
            return VideoStream.MAIN;
        }
        return width <= SUB_MAX_WIDTH && height <= SUB_MAX_HEIGHT ? VideoStream.SUB : VideoStream.MAIN;
    }
}
