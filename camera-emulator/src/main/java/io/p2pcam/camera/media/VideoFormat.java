package io.p2pcam.camera.media;

import java.util.Locale;

/**
 * The picture size and frame rate a source delivers and an encoder expects. Width and height are
 * even (YUV 4:2:0 halves both for chroma).
 */
public record VideoFormat(int width, int height, int fps) {
    public static final int MAX_DIMENSION = 4096;
    public static final int MAX_FPS = 120;

    public VideoFormat {
        if (width < 16
                || height < 16
                || width > MAX_DIMENSION
                || height > MAX_DIMENSION
                || width % 2 != 0
                || height % 2 != 0) {
            throw new IllegalArgumentException("picture size must be even and between 16 and " + MAX_DIMENSION
                    + " pixels, not " + width + "x" + height);
        }
        if (fps < 1 || fps > MAX_FPS) {
            throw new IllegalArgumentException("frame rate must be between 1 and " + MAX_FPS + ", not " + fps);
        }
    }

    /**
     * Reads a size as people write it, {@code WIDTHxHEIGHT} (e.g. {@code 1280x720}).
     *
     * @throws IllegalArgumentException with a one-line message
     */
    public static VideoFormat of(String size, int fps) {
        String[] parts = size.strip().toLowerCase(Locale.ROOT).split("x", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("size must be WIDTHxHEIGHT, e.g. 1280x720, not '" + size + "'");
        }
        try {
            return new VideoFormat(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), fps);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("size must be WIDTHxHEIGHT, e.g. 1280x720, not '" + size + "'");
        }
    }

    /** Bytes of one YUV420P picture: the luma plane and two quarter-size chroma planes. */
    public int yuv420pBytes() {
        return width * height * 3 / 2;
    }

    /** Time between frames in nanoseconds. */
    public long frameIntervalNanos() {
        return 1_000_000_000L / fps;
    }

    @Override
    public String toString() {
        return width + "x" + height + "@" + fps;
    }
}
