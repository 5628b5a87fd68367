package io.p2pcam.camera.media;

/**
 * How the H.264 encoder is set up. Immutable.
 *
 * @param format picture size and frame rate
 * @param bitrate target bits per second
 * @param keyframeInterval frames between periodic IDR pictures, at most two seconds' worth, so a
 *     viewer that lost a frame without asking for a keyframe recovers within two seconds
 * @param threads encoder threads (openh264 slices); 1 keeps latency lowest
 */
public record EncoderSettings(VideoFormat format, int bitrate, int keyframeInterval, int threads) {
    public static final int MIN_BITRATE = 50_000;
    public static final int MAX_BITRATE = 50_000_000;

    public EncoderSettings {
        if (bitrate < MIN_BITRATE || bitrate > MAX_BITRATE) {
            throw new IllegalArgumentException(
                    "bitrate must be between " + MIN_BITRATE + " and " + MAX_BITRATE + " bit/s, not " + bitrate);
        }
        if (keyframeInterval < 1 || keyframeInterval > 2 * format.fps()) {
            throw new IllegalArgumentException("keyframe interval must be 1 to " + 2 * format.fps()
                    + " frames (two seconds), not " + keyframeInterval);
        }
        if (threads < 1 || threads > 8) {
            throw new IllegalArgumentException("encoder threads must be 1 to 8, not " + threads);
        }
    }

    /** One thread and an IDR picture every two seconds. */
    public static EncoderSettings of(VideoFormat format, int bitrate) {
        return new EncoderSettings(format, bitrate, 2 * format.fps(), 1);
    }

    /** A bitrate that gives the synthetic pattern or a webcam a clean picture: about 0.1 bit a pixel. */
    public static int defaultBitrate(VideoFormat format) {
        long bits = (long) format.width() * format.height() * format.fps() / 10;
        return Math.clamp(bits, 300_000, 8_000_000);
    }
}
