package io.p2pcam.viewer.engine.frame;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;

/**
 * One decoded picture in the display layout: BGRA, 8 bits per channel, alpha 255, rows packed
 * ({@link #stride()} = width × 4), origin top left. Read as little-endian ints, each pixel is
 * {@code 0xAARRGGBB}: JavaFX's {@code PixelFormat.getIntArgbPreInstance()} takes {@link
 * #intPixels()} as is (opaque pixels are valid premultiplied ones).
 *
 * <p>A reusable, mutable holder: {@link LatestFrameMailbox} owns three of them and lends each to
 * one thread at a time, the producer to fill it, the consumer to read it. Its buffer is direct
 * and replaced only when the picture size changes, so a consumer may keep wrapping it (for
 * example in a {@code PixelBuffer}) as long as {@link #width()} and {@link #height()} stay the
 * same. Not thread-safe by itself; the mailbox's hand-off publishes the writes.
 */
public final class VideoFrame {

    /** Bytes per BGRA pixel. */
    public static final int BYTES_PER_PIXEL = 4;

    private ByteBuffer pixels = ByteBuffer.allocateDirect(0);
    private IntBuffer intPixels = pixels.asIntBuffer();
    private int width;
    private int height;
    private long timestamp;
    private long sequence;
    private long captureMicros = -1;

    /**
     * Prepares the holder for a picture of this size, replacing the buffer only if the size
     * differs from the current one. Producer side only.
     *
     * @return the pixel buffer to write, position 0, limit width × height × 4
     */
    public ByteBuffer resize(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("picture size " + width + "x" + height);
        }
        if (width != this.width || height != this.height) {
            pixels = ByteBuffer.allocateDirect(Math.multiplyExact(width * BYTES_PER_PIXEL, height))
                    .order(ByteOrder.LITTLE_ENDIAN);
            intPixels = pixels.asIntBuffer();
            this.width = width;
            this.height = height;
        }
        return pixels.clear();
    }

    /** Records where the picture came from. Producer side only. */
    public void describe(long timestamp, long sequence) {
        describe(timestamp, sequence, -1);
    }

    /**
     * Records where the picture came from and, when the source stamped it ({@code PixelCode}),
     * when it was captured. Producer side only.
     */
    public void describe(long timestamp, long sequence, long captureMicros) {
        this.timestamp = timestamp;
        this.sequence = sequence;
        this.captureMicros = captureMicros;
    }

    /** When the picture was captured (microseconds since the epoch) if its source stamped it, else -1. */
    public long captureMicros() {
        return captureMicros;
    }

    /** Width in pixels; 0 before the first picture. */
    public int width() {
        return width;
    }

    /** Height in pixels; 0 before the first picture. */
    public int height() {
        return height;
    }

    /** Bytes from one row to the next: always width × 4. */
    public int stride() {
        return width * BYTES_PER_PIXEL;
    }

    /**
     * The pixels, B, G, R, A byte order, little-endian; a direct buffer that stays the same object
     * while the size does. Callers must not change its position or limit while others use it.
     */
    public ByteBuffer pixels() {
        return pixels;
    }

    /** The same pixels as {@code 0xAARRGGBB} ints (INT_ARGB, INT_ARGB_PRE since alpha is 255). */
    public IntBuffer intPixels() {
        return intPixels;
    }

    /** The BGRA value of one pixel as {@code 0xAARRGGBB}, for tests and diagnostics. */
    public int argbAt(int x, int y) {
        return intPixels.get(y * width + x);
    }

    /** The presentation timestamp the access unit carried (the RTP timestamp). */
    public long timestamp() {
        return timestamp;
    }

    /** The number of the picture in decoding order, from 1. */
    public long sequence() {
        return sequence;
    }

    @Override
    public String toString() {
        return "VideoFrame[" + width + "x" + height + ", #" + sequence + ", ts=" + timestamp + "]";
    }
}
