package io.p2pcam.protocol.media;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * A machine-readable stamp drawn into the picture itself: the frame number and the capture time,
 * so that a viewer can measure end-to-end latency and count lost, repeated or corrupt frames
 * without trusting any side channel. It survives H.264 at modest bitrates because every bit is a
 * large, flat, black or white luma block. Stateless and thread-safe.
 *
 * <h2>Layout</h2>
 * {@value #ROWS} rows of {@value #COLUMNS} square blocks in the top-left corner of the picture,
 * bit 0 (the most significant bit of byte 0) at the top left, row by row. The block size follows
 * from the picture size alone ({@link #layout}), so writer and reader agree without negotiation:
 * {@code height / 40} rounded down to even, at least 8, shrunk if the band would not fit the
 * width. 320x240 and 640x360 get 8-pixel blocks (a 256x32 band), 1280x720 18 and 1920x1080 26.
 * <pre>
 * bytes 0..3   frame number, u32 big-endian
 * bytes 4..11  capture time, microseconds since the epoch, u64 big-endian
 * bytes 12..15 CRC-32 (ISO-HDLC, as java.util.zip.CRC32) of bytes 0..11, big-endian
 * bit = 1: luma {@value #WHITE} (white), bit = 0: luma {@value #BLACK} (black)
 * </pre>
 * A reader averages the centre half of each block and thresholds it at mid grey (128); a CRC
 * mismatch means a corrupt or unstamped picture and reads as empty.
 */
public final class PixelCode {

    /** Payload and check bytes drawn into the picture. */
    public static final int BYTES = 16;

    public static final int ROWS = 4;
    public static final int COLUMNS = BYTES * 8 / ROWS;
    /** Limited-range (ITU-R BT.601) black and white, which survive any range conversion. */
    public static final int BLACK = 16;

    public static final int WHITE = 235;
    private static final int THRESHOLD = 128;
    private static final int MIN_BLOCK = 4;
    private static final int PREFERRED_MIN_BLOCK = 8;
    private static final int HEIGHT_DIVISOR = 40;
    private static final int PAYLOAD_BYTES = 12;

    private PixelCode() {}

    /**
     * What a stamp says.
     *
     * @param frameNumber the source's frame counter, 0 to 2^32-1 (callers wrap it)
     * @param captureMicros when the picture was captured, in microseconds since the epoch
     */
    public record Stamp(long frameNumber, long captureMicros) {
        public Stamp {
            if (frameNumber < 0 || frameNumber > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("frame number must fit in 32 bits: " + frameNumber);
            }
        }
    }

    /**
     * Where the stamp goes in a picture of a given size: blocks of {@code blockSize} pixels square,
     * covering {@code bandWidth} x {@code bandHeight} pixels from the top-left corner.
     */
    public record Layout(int blockSize) {
        public int bandWidth() {
            return COLUMNS * blockSize;
        }

        public int bandHeight() {
            return ROWS * blockSize;
        }
    }

    /**
     * The layout for a {@code width} x {@code height} picture.
     *
     * @throws IllegalArgumentException if the picture is too small to carry a stamp (blocks under
     *     {@value #MIN_BLOCK} pixels)
     */
    public static Layout layout(int width, int height) {
        int block = Math.max(PREFERRED_MIN_BLOCK, height / HEIGHT_DIVISOR) & ~1;
        block = Math.min(block, Math.min(width / COLUMNS, height / ROWS));
        if (block < MIN_BLOCK) {
            throw new IllegalArgumentException("a " + width + "x" + height + " picture is too small for a pixel code");
        }
        return new Layout(block);
    }

    /** Draws {@code stamp} into a luma (Y) plane, e.g. the first plane of YUV420P. */
    public static void write(byte[] yPlane, int offset, int stride, int width, int height, Stamp stamp) {
        Layout layout = layout(width, height);
        checkBounds(yPlane.length, offset, stride, 1, layout);
        byte[] bytes = encode(stamp);
        int block = layout.blockSize();
        for (int bit = 0; bit < BYTES * 8; bit++) {
            byte value = (byte) (bitAt(bytes, bit) ? WHITE : BLACK);
            int top = (bit / COLUMNS) * block;
            int left = (bit % COLUMNS) * block;
            for (int y = top; y < top + block; y++) {
                int row = offset + y * stride + left;
                Arrays.fill(yPlane, row, row + block, value);
            }
        }
    }

    /** Reads a stamp from a luma (Y) plane; empty if the picture carries none or it is damaged. */
    public static Optional<Stamp> readLuma(byte[] yPlane, int offset, int stride, int width, int height) {
        Layout layout = layout(width, height);
        checkBounds(yPlane.length, offset, stride, 1, layout);
        return read(layout, (x, y) -> yPlane[offset + y * stride + x] & 0xFF);
    }

    /** Reads a stamp from BGRA pixels (4 bytes a pixel, {@code stride} bytes a row). */
    public static Optional<Stamp> readBgra(byte[] bgra, int offset, int stride, int width, int height) {
        Layout layout = layout(width, height);
        checkBounds(bgra.length, offset, stride, 4, layout);
        return read(layout, (x, y) -> {
            int pixel = offset + y * stride + x * 4;
            return luma(bgra[pixel] & 0xFF, bgra[pixel + 1] & 0xFF, bgra[pixel + 2] & 0xFF);
        });
    }

    /**
     * Reads a stamp from BGRA pixels in a buffer, by absolute index (the buffer's position and
     * limit are left alone).
     */
    public static Optional<Stamp> readBgra(ByteBuffer bgra, int offset, int stride, int width, int height) {
        Layout layout = layout(width, height);
        checkBounds(bgra.limit(), offset, stride, 4, layout);
        return read(layout, (x, y) -> {
            int pixel = offset + y * stride + x * 4;
            return luma(bgra.get(pixel) & 0xFF, bgra.get(pixel + 1) & 0xFF, bgra.get(pixel + 2) & 0xFF);
        });
    }

    /** The 16 bytes drawn for a stamp (payload and CRC), as laid out in the class comment. */
    static byte[] encode(Stamp stamp) {
        ByteBuffer bytes = ByteBuffer.allocate(BYTES);
        bytes.putInt((int) stamp.frameNumber()).putLong(stamp.captureMicros());
        bytes.putInt((int) crc(bytes.array()));
        return bytes.array();
    }

    static Optional<Stamp> decode(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long frameNumber = Integer.toUnsignedLong(buffer.getInt());
        long captureMicros = buffer.getLong();
        long crc = Integer.toUnsignedLong(buffer.getInt());
        if (crc != crc(bytes)) {
            return Optional.empty();
        }
        return Optional.of(new Stamp(frameNumber, captureMicros));
    }

    @FunctionalInterface
    private interface LumaSampler {
        int luma(int x, int y);
    }

    private static Optional<Stamp> read(Layout layout, LumaSampler sampler) {
        int block = layout.blockSize();
        int margin = block / 4;
        int inner = block - 2 * margin;
        byte[] bytes = new byte[BYTES];
        for (int bit = 0; bit < BYTES * 8; bit++) {
            int top = (bit / COLUMNS) * block + margin;
            int left = (bit % COLUMNS) * block + margin;
            int sum = 0;
            for (int y = top; y < top + inner; y++) {
                for (int x = left; x < left + inner; x++) {
                    sum += sampler.luma(x, y);
                }
            }
            if (sum >= THRESHOLD * inner * inner) {
                bytes[bit / 8] |= (byte) (0x80 >>> (bit % 8));
            }
        }
        return decode(bytes);
    }

    private static long crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, PAYLOAD_BYTES);
        return crc.getValue();
    }

    private static boolean bitAt(byte[] bytes, int bit) {
        return (bytes[bit / 8] & (0x80 >>> (bit % 8))) != 0;
    }

    /** ITU-R BT.601 luma in 8-bit fixed point. */
    private static int luma(int blue, int green, int red) {
        return (77 * red + 150 * green + 29 * blue) >> 8;
    }

    private static void checkBounds(int length, int offset, int stride, int bytesPerPixel, Layout layout) {
        if (offset < 0 || stride < layout.bandWidth() * bytesPerPixel) {
            throw new IllegalArgumentException("offset " + offset + " or stride " + stride + " cannot hold a "
                    + layout.bandWidth() + "-pixel band");
        }
        long last = offset + (long) (layout.bandHeight() - 1) * stride + (long) layout.bandWidth() * bytesPerPixel;
        if (last > length) {
            throw new IllegalArgumentException("picture buffer of " + length + " bytes is too short");
        }
    }
}
