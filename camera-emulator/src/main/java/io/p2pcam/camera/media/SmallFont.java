package io.p2pcam.camera.media;

import java.util.Arrays;

/**
 * A 3x5 pixel font for digits, ':' and '.', drawn white on black into a frame's luma plane,
 * scaled up and clipped to the picture. Enough for a clock and a counter that people can read.
 */
final class SmallFont {
    private static final String GLYPHS = "0123456789:.";
    /** Five rows of three bits each (bit 2 = left column), one entry per glyph. */
    private static final int[][] ROWS = {
        {7, 5, 5, 5, 7}, {2, 6, 2, 2, 7}, {7, 1, 7, 4, 7}, {7, 1, 7, 1, 7}, {5, 5, 7, 1, 1},
        {7, 4, 7, 1, 7}, {7, 4, 7, 5, 7}, {7, 1, 1, 1, 1}, {7, 5, 7, 5, 7}, {7, 5, 7, 1, 7},
        {0, 2, 0, 2, 0}, {0, 0, 0, 0, 2},
    };

    private static final byte INK = (byte) 235;
    private static final byte PAPER = (byte) 16;

    private SmallFont() {}

    /** Draws {@code text} with its top-left corner at ({@code left}, {@code top}); unknown characters are blank. */
    static void draw(RawFrame frame, String text, int scale, int left, int top) {
        int advance = 4 * scale;
        for (int i = 0; i < text.length(); i++) {
            int glyph = GLYPHS.indexOf(text.charAt(i));
            for (int row = -1; row < 6; row++) { // a one-pixel-row margin of paper around the text
                for (int column = -1; column < 4; column++) {
                    boolean ink = glyph >= 0
                            && row >= 0
                            && row < 5
                            && column >= 0
                            && column < 3
                            && (ROWS[glyph][row] & (4 >> column)) != 0;
                    fill(frame, left + i * advance + column * scale, top + row * scale, scale, ink ? INK : PAPER);
                }
            }
        }
    }

    private static void fill(RawFrame frame, int x, int y, int size, byte value) {
        int x0 = Math.max(0, x);
        int y0 = Math.max(0, y);
        int x1 = Math.min(frame.width(), x + size);
        int y1 = Math.min(frame.height(), y + size);
        byte[] data = frame.data();
        for (int row = y0; row < y1; row++) {
            int start = frame.yOffset() + row * frame.lumaStride();
            if (x1 > x0) {
                Arrays.fill(data, start + x0, start + x1, value);
            }
        }
        for (int row = y0 / 2; row < (y1 + 1) / 2; row++) {
            int start = row * frame.chromaStride();
            int c0 = x0 / 2;
            int c1 = (x1 + 1) / 2;
            if (c1 > c0) {
                Arrays.fill(data, frame.uOffset() + start + c0, frame.uOffset() + start + c1, (byte) 128);
                Arrays.fill(data, frame.vOffset() + start + c0, frame.vOffset() + start + c1, (byte) 128);
            }
        }
    }
}
