package io.p2pcam.camera.media;

/**
 * Scales YUV420P pictures from one size to another (the main stream's capture to the sub-stream,
 * docs/PROTOCOL.md §10.9), bilinear with pixel centres aligned, so that halving each side averages
 * each 2 x 2 block exactly. Sample positions and weights are computed once; scaling allocates
 * nothing. Only ever shrinks or keeps the size (a sub-stream is not larger than its main stream).
 *
 * <p>Not thread-safe: one thread (the encoder loop's) scales.
 */
public final class PictureScaler {
    private static final int ONE = 256; // 8-bit fixed-point weights

    private final VideoFormat from;
    private final VideoFormat to;
    private final Axis lumaX;
    private final Axis lumaY;
    private final Axis chromaX;
    private final Axis chromaY;

    /** Where one output row or column samples its source: the two neighbours and the weight of the second. */
    private record Axis(int[] first, int[] second, int[] weight) {
        static Axis of(int source, int target) {
            int[] first = new int[target];
            int[] second = new int[target];
            int[] weight = new int[target];
            double scale = (double) source / target;
            for (int i = 0; i < target; i++) {
                double at = Math.max(0, (i + 0.5) * scale - 0.5);
                int lower = Math.min((int) at, source - 1);
                first[i] = lower;
                second[i] = Math.min(lower + 1, source - 1);
                weight[i] = (int) Math.round((at - lower) * ONE);
            }
            return new Axis(first, second, weight);
        }
    }

    public PictureScaler(VideoFormat from, VideoFormat to) {
        if (to.width() > from.width() || to.height() > from.height()) {
            throw new IllegalArgumentException("a sub-stream of " + to + " is larger than its main stream " + from);
        }
        this.from = from;
        this.to = to;
        this.lumaX = Axis.of(from.width(), to.width());
        this.lumaY = Axis.of(from.height(), to.height());
        this.chromaX = Axis.of(from.width() / 2, to.width() / 2);
        this.chromaY = Axis.of(from.height() / 2, to.height() / 2);
    }

    /** Fills {@code target} (at the output size) from {@code source} (at the input size), with its stamp. */
    public void scale(RawFrame source, RawFrame target) {
        if (!source.format().equals(from) || !target.format().equals(to)) {
            throw new IllegalArgumentException("scaler is for " + from + " -> " + to);
        }
        byte[] in = source.data();
        byte[] out = target.data();
        plane(in, source.yOffset(), source.lumaStride(), out, target.yOffset(), target.lumaStride(), lumaX, lumaY);
        plane(
                in,
                source.uOffset(),
                source.chromaStride(),
                out,
                target.uOffset(),
                target.chromaStride(),
                chromaX,
                chromaY);
        plane(
                in,
                source.vOffset(),
                source.chromaStride(),
                out,
                target.vOffset(),
                target.chromaStride(),
                chromaX,
                chromaY);
        target.stamp(source.frameNumber(), source.captureMicros());
    }

    private static void plane(
            byte[] in, int inOffset, int inStride, byte[] out, int outOffset, int outStride, Axis x, Axis y) {
        int width = x.first().length;
        int height = y.first().length;
        for (int row = 0; row < height; row++) {
            int top = inOffset + y.first()[row] * inStride;
            int bottom = inOffset + y.second()[row] * inStride;
            int wy = y.weight()[row];
            int o = outOffset + row * outStride;
            for (int column = 0; column < width; column++) {
                int left = x.first()[column];
                int right = x.second()[column];
                int wx = x.weight()[column];
                int upper = (in[top + left] & 0xff) * (ONE - wx) + (in[top + right] & 0xff) * wx;
                int lower = (in[bottom + left] & 0xff) * (ONE - wx) + (in[bottom + right] & 0xff) * wx;
                out[o + column] = (byte) ((upper * (ONE - wy) + lower * wy + ONE * ONE / 2) / (ONE * ONE));
            }
        }
    }
}
