package io.p2pcam.viewer.engine.decode;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGRA;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import io.p2pcam.viewer.engine.frame.VideoFrame;
import java.nio.ByteBuffer;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Converts decoded pictures, whatever their pixel format (usually YUV420P), to BGRA at the same
 * size with swscale: the {@link VideoFrame} layout, stride width × 4, alpha 255. The swscale
 * context is cached and rebuilt only when the source size or format changes.
 *
 * <p>Ownership: the caller owns the destination buffer; this class writes it during {@link
 * #convert} only and keeps at most a native view of the last few destinations (so that
 * alternating among a mailbox's buffers allocates nothing). It never reads the source after the
 * call returns.
 *
 * <p>Thread-safety: none; use it from the thread that decodes. Free it with {@link #close()}.
 */
public final class BgraConverter implements AutoCloseable {

    /** Destinations whose native view is kept: a mailbox's three buffers and one spare. */
    private static final int CACHED_DESTINATIONS = 4;

    private final PointerPointer<BytePointer> destinationPlanes = new PointerPointer<>(4);
    private final IntPointer destinationStrides = new IntPointer(4);
    private final ByteBuffer[] cachedBuffers = new ByteBuffer[CACHED_DESTINATIONS];
    private final BytePointer[] cachedPointers = new BytePointer[CACHED_DESTINATIONS];
    private int nextCacheSlot;
    private SwsContext scaler;
    private boolean closed;

    /**
     * Converts {@code source} into {@code target}, resizing the target to the source's size (which
     * reallocates its buffer only when the size changed).
     */
    public void convert(AVFrame source, VideoFrame target) {
        convert(source, target.resize(source.width(), source.height()));
    }

    /**
     * Converts {@code source} into {@code target} scaled down to fit within {@code maxWidth} x
     * {@code maxHeight} with its aspect kept (never enlarged; 0 means no limit), resizing the target
     * to that size. Drawing a full picture into a small tile costs far more than scaling here.
     */
    public void convertFitting(AVFrame source, VideoFrame target, int maxWidth, int maxHeight) {
        int width = source.width();
        int height = source.height();
        double scale = 1;
        if (maxWidth > 0 && maxHeight > 0) {
            scale = Math.min(1, Math.min((double) maxWidth / width, (double) maxHeight / height));
        }
        int outWidth = Math.max(2, (int) Math.round(width * scale));
        int outHeight = Math.max(2, (int) Math.round(height * scale));
        convert(source, target.resize(outWidth, outHeight), outWidth, outHeight);
    }

    /**
     * Converts {@code source} into {@code destination} from index 0, rows packed (stride width ×
     * 4). The buffer's position and limit are left as they were.
     *
     * @param destination a direct buffer of at least width × height × 4 bytes
     * @throws IllegalArgumentException if the buffer is not direct or too small
     */
    public void convert(AVFrame source, ByteBuffer destination) {
        convert(source, destination, source.width(), source.height());
    }

    private void convert(AVFrame source, ByteBuffer destination, int outWidth, int outHeight) {
        if (closed) {
            throw new IllegalStateException("Converter closed");
        }
        int width = source.width();
        int height = source.height();
        long needed = (long) outWidth * outHeight * VideoFrame.BYTES_PER_PIXEL;
        if (!destination.isDirect() || destination.capacity() < needed) {
            throw new IllegalArgumentException("need a direct buffer of " + needed + " bytes, got " + destination);
        }
        scaler = sws_getCachedContext(
                scaler,
                width,
                height,
                source.format(),
                outWidth,
                outHeight,
                AV_PIX_FMT_BGRA,
                SWS_BILINEAR,
                null,
                null,
                (DoublePointer) null);
        if (scaler == null || scaler.isNull()) {
            throw new IllegalStateException("swscale cannot convert pixel format " + source.format() + " at " + width
                    + "x" + height + " to BGRA " + outWidth + "x" + outHeight);
        }
        destinationPlanes.put(0, pointerTo(destination));
        destinationStrides.put(0, outWidth * VideoFrame.BYTES_PER_PIXEL);
        sws_scale(scaler, source.data(), source.linesize(), 0, height, destinationPlanes, destinationStrides);
    }

    /** Frees the swscale context and native views. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        sws_freeContext(scaler);
        scaler = null;
        destinationPlanes.close();
        destinationStrides.close();
    }

    /** A native view of the buffer's start, made once per buffer while it stays in the cache. */
    private BytePointer pointerTo(ByteBuffer buffer) {
        for (int i = 0; i < CACHED_DESTINATIONS; i++) {
            if (cachedBuffers[i] == buffer) {
                return cachedPointers[i];
            }
        }
        int slot = nextCacheSlot;
        nextCacheSlot = (nextCacheSlot + 1) % CACHED_DESTINATIONS;
        cachedBuffers[slot] = buffer;
        cachedPointers[slot] = new BytePointer(buffer).position(0);
        return cachedPointers[slot];
    }
}
