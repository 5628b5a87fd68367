package io.p2pcam.viewer.engine.decode;

/**
 * A picture whose content tells which frame it is: a dark grey background with one 64×64 block,
 * macroblock aligned, in a colour and at a position that both depend on the frame number. Flat,
 * aligned areas survive H.264 almost unchanged, so decoded pixels can be checked.
 */
public record TestPattern(int width, int height) {

    public static final int BLOCK = 64;
    public static final int BACKGROUND_RGB = 0x303030;
    private static final int[] BLOCK_RGB = {0xE02020, 0x20E020, 0x2020E0, 0xE0E020, 0x20E0E0, 0xE020E0, 0xF0F0F0};

    /** The block's colour in frame {@code n}, as 0xRRGGBB. */
    public int blockRgb(int n) {
        return BLOCK_RGB[n % BLOCK_RGB.length];
    }

    /** The block's left edge in frame {@code n}. */
    public int blockX(int n) {
        int columns = width / BLOCK;
        return (n % columns) * BLOCK;
    }

    /** The block's top edge in frame {@code n}. */
    public int blockY(int n) {
        int rows = height / BLOCK;
        return ((n / 3) % rows) * BLOCK;
    }

    /** The centre of the block in frame {@code n}: x, y. */
    public int[] blockCentre(int n) {
        return new int[] {blockX(n) + BLOCK / 2, blockY(n) + BLOCK / 2};
    }

    /** A background point far from the block in frame {@code n}: x, y. */
    public int[] backgroundPoint(int n) {
        int x = blockX(n) < width / 2 ? width - BLOCK / 2 : BLOCK / 2;
        int y = blockY(n) < height / 2 ? height - BLOCK / 2 : BLOCK / 2;
        return new int[] {x, y};
    }

    /** The colour of pixel (x, y) in frame {@code n}, as 0xRRGGBB. */
    public int rgbAt(int n, int x, int y) {
        boolean inBlock = x >= blockX(n) && x < blockX(n) + BLOCK && y >= blockY(n) && y < blockY(n) + BLOCK;
        return inBlock ? blockRgb(n) : BACKGROUND_RGB;
    }

    /** Y, U, V of an RGB colour: BT.601, limited range, as swscale assumes by default. */
    public static int[] yuv(int rgb) {
        double r = (rgb >> 16) & 0xFF;
        double g = (rgb >> 8) & 0xFF;
        double b = rgb & 0xFF;
        int y = (int) Math.round(16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255);
        int u = (int) Math.round(128 + (-37.797 * r - 74.203 * g + 112.0 * b) / 255);
        int v = (int) Math.round(128 + (112.0 * r - 93.786 * g - 18.214 * b) / 255);
        return new int[] {y, u, v};
    }
}
