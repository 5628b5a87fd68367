package io.p2pcam.viewer.engine.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.p2pcam.viewer.engine.frame.VideoFrame;

/** Checks that a decoded picture shows the {@link TestStreams#PATTERN} frame it should. */
public final class PictureAssertions {

    /** Per channel; flat, macroblock-aligned areas come back within a few levels. */
    public static final int TOLERANCE = 20;

    private PictureAssertions() {}

    public static void assertPictureShows(VideoFrame picture, int n) {
        int[] centre = TestStreams.PATTERN.blockCentre(n);
        assertColour(picture, centre, TestStreams.PATTERN.blockRgb(n), "block of frame " + n);
        int[] background = TestStreams.PATTERN.backgroundPoint(n);
        assertColour(picture, background, TestPattern.BACKGROUND_RGB, "background of frame " + n);
    }

    public static void assertColour(VideoFrame picture, int[] point, int rgb, String what) {
        int argb = picture.argbAt(point[0], point[1]);
        assertThat(argb >>> 24).as("%s alpha", what).isEqualTo(0xFF);
        for (int shift = 0; shift <= 16; shift += 8) {
            assertThat(argb >> shift & 0xFF)
                    .as("%s at %d,%d: %06x vs %06x", what, point[0], point[1], argb & 0xFFFFFF, rgb)
                    .isCloseTo(rgb >> shift & 0xFF, within(TOLERANCE));
        }
    }
}
