package io.p2pcam.viewer.engine.decode;

import io.p2pcam.protocol.media.PixelCode;
import java.util.Optional;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * Reads a test source's {@link PixelCode} stamp from a decoded picture's luma plane, before the
 * picture is scaled for display (a scaled picture no longer carries a readable stamp). Copies
 * only the stamp's band, a few dozen rows, into a reused array, and stops looking once a source
 * has shown it does not stamp (cameras other than the synthetic pattern).
 *
 * <p>Thread-safety: none; the decode thread's.
 */
final class StampReader {
    /** Pictures in a row without a stamp after which the source is taken not to stamp at all. */
    private static final int GIVE_UP_AFTER = 60;

    private byte[] band = new byte[0];
    private int misses;

    /** The capture time the picture carries, in microseconds since the epoch, or -1. */
    long captureMicros(AVFrame picture) {
        if (misses >= GIVE_UP_AFTER) {
            return -1;
        }
        int width = picture.width();
        int height = picture.height();
        int stride = picture.linesize(0);
        PixelCode.Layout layout;
        try {
            layout = PixelCode.layout(width, height);
        } catch (IllegalArgumentException tooSmall) {
            return -1;
        }
        if (stride < width) {
            return -1; // bottom-up or odd layouts: not a stamp we wrote
        }
        int rows = layout.bandHeight();
        int bytes = rows * stride;
        if (band.length < bytes) {
            band = new byte[bytes];
        }
        picture.data(0).get(band, 0, bytes);
        Optional<PixelCode.Stamp> stamp = PixelCode.readLuma(band, 0, stride, width, height);
        misses = stamp.isPresent() ? 0 : misses + 1;
        return stamp.map(PixelCode.Stamp::captureMicros).orElse(-1L);
    }
}
