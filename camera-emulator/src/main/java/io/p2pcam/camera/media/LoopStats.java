package io.p2pcam.camera.media;

/**
 * What an {@link EncoderLoop} has done so far.
 *
 * @param captured pictures taken from the source
 * @param encoded access units handed to subscribers
 * @param skippedTicks capture ticks left out because capture and encoding fell behind the frame rate
 * @param keyframes keyframes among the encoded pictures
 * @param encodeNanos total time spent in the encoder
 * @param maxEncodeNanos the longest single encode
 */
public record LoopStats(
        long captured, long encoded, long skippedTicks, long keyframes, long encodeNanos, long maxEncodeNanos) {

    /** Mean encode time in milliseconds, 0 before the first picture. */
    public double meanEncodeMillis() {
        return encoded == 0 ? 0 : encodeNanos / 1e6 / encoded;
    }

    @Override
    public String toString() {
        return String.format(
                "captured %d, encoded %d (%d keyframes), skipped %d ticks, encode %.1f ms mean, %.1f ms max",
                captured, encoded, keyframes, skippedTicks, meanEncodeMillis(), maxEncodeNanos / 1e6);
    }
}
