package io.p2pcam.camera.media;

import io.p2pcam.protocol.media.PixelCode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/**
 * A test pattern that needs no hardware: 75 % colour bars over a grey ramp, a box that bounces
 * across the picture (so motion and dropped frames are visible), the frame number and capture time
 * (UTC) in digits, and the same two values as a {@link PixelCode} stamp in the top-left corner for
 * machines. The capture time is read from the {@link Clock} on each {@link #next()}; the source
 * never sleeps, the caller paces it. Not thread-safe; see {@link RawFrame} for frame ownership.
 */
public final class SyntheticSource implements VideoSource {
    /** 75 % bars, BT.601 limited range: white, yellow, cyan, green, magenta, red, blue, black. */
    private static final int[][] BARS_YUV = {
        {180, 128, 128}, {162, 44, 142}, {131, 156, 44}, {112, 72, 58},
        {84, 184, 198}, {65, 100, 212}, {35, 212, 114}, {16, 128, 128},
    };

    private static final int NEUTRAL_CHROMA = 128;
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private final VideoFormat format;
    private final Clock clock;
    private final byte[] background;
    private final RawFrame frame;
    private final PixelCode.Layout stampLayout;
    private final int boxSize;
    private long frameNumber;

    public SyntheticSource(int width, int height, int fps, Clock clock) {
        this.format = new VideoFormat(width, height, fps);
        this.clock = clock;
        this.frame = new RawFrame(format);
        this.stampLayout = PixelCode.layout(width, height);
        this.boxSize = Math.max(8, height / 6) & ~1;
        this.background = renderBackground();
    }

    @Override
    public VideoFormat format() {
        return format;
    }

    @Override
    public RawFrame next() {
        Instant now = clock.instant();
        long captureMicros = Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000L), now.getNano() / 1_000);
        System.arraycopy(background, 0, frame.data(), 0, background.length);
        drawBox();
        int textTop = stampLayout.bandHeight() + stampLayout.blockSize();
        int scale = Math.max(2, stampLayout.blockSize() / 2);
        SmallFont.draw(frame, String.format("%08d", frameNumber), scale, scale, textTop);
        SmallFont.draw(frame, TIME.format(now), scale, scale, textTop + 7 * scale);
        neutraliseChroma(0, 0, stampLayout.bandWidth(), stampLayout.bandHeight());
        PixelCode.write(
                frame.data(),
                frame.yOffset(),
                frame.lumaStride(),
                format.width(),
                format.height(),
                new PixelCode.Stamp(frameNumber & 0xFFFF_FFFFL, captureMicros));
        frame.stamp(frameNumber, captureMicros);
        frameNumber++;
        return frame;
    }

    @Override
    public boolean stampsPictures() {
        return true;
    }

    @Override
    public void close() {
        // nothing to release
    }

    private byte[] renderBackground() {
        int width = format.width();
        int height = format.height();
        RawFrame canvas = new RawFrame(format);
        byte[] data = canvas.data();
        int barsHeight = height * 2 / 3;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int[] yuv = y < barsHeight ? BARS_YUV[x * BARS_YUV.length / width] : null;
                int luma = yuv != null ? yuv[0] : 16 + (219 * x) / (width - 1);
                data[canvas.yOffset() + y * width + x] = (byte) luma;
                if (y % 2 == 0 && x % 2 == 0) {
                    int chroma = (y / 2) * canvas.chromaStride() + x / 2;
                    data[canvas.uOffset() + chroma] = (byte) (yuv != null ? yuv[1] : NEUTRAL_CHROMA);
                    data[canvas.vOffset() + chroma] = (byte) (yuv != null ? yuv[2] : NEUTRAL_CHROMA);
                }
            }
        }
        return data;
    }

    /** A light box bouncing left-right (two seconds a crossing) and gently up and down. */
    private void drawBox() {
        int width = format.width();
        int height = format.height();
        long span = width - boxSize;
        long step = Math.max(1, span / (2L * format.fps()));
        long travelled = (frameNumber * step) % (2 * span);
        int left = (int) (travelled < span ? travelled : 2 * span - travelled) & ~1;
        double phase = 2 * Math.PI * (frameNumber % (4L * format.fps())) / (4.0 * format.fps());
        int top = ((int) ((height - boxSize) * (0.5 + 0.35 * Math.sin(phase)))) & ~1;
        byte[] data = frame.data();
        for (int y = top; y < top + boxSize; y++) {
            Arrays.fill(
                    data,
                    frame.yOffset() + y * frame.lumaStride() + left,
                    frame.yOffset() + y * frame.lumaStride() + left + boxSize,
                    (byte) 220);
        }
        for (int y = top / 2; y < (top + boxSize) / 2; y++) {
            int row = y * frame.chromaStride() + left / 2;
            Arrays.fill(data, frame.uOffset() + row, frame.uOffset() + row + boxSize / 2, (byte) 90);
            Arrays.fill(data, frame.vOffset() + row, frame.vOffset() + row + boxSize / 2, (byte) 150);
        }
    }

    private void neutraliseChroma(int left, int top, int width, int height) {
        byte[] data = frame.data();
        for (int y = top / 2; y < (top + height + 1) / 2; y++) {
            int row = y * frame.chromaStride() + left / 2;
            Arrays.fill(data, frame.uOffset() + row, frame.uOffset() + row + (width + 1) / 2, (byte) NEUTRAL_CHROMA);
            Arrays.fill(data, frame.vOffset() + row, frame.vOffset() + row + (width + 1) / 2, (byte) NEUTRAL_CHROMA);
        }
    }
}
