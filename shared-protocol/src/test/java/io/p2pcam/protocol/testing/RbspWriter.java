package io.p2pcam.protocol.testing;

import java.io.ByteArrayOutputStream;

/**
 * Test-only: writes the bits of an H.264 RBSP (fixed-width fields and Exp-Golomb codes, H.264
 * §7.2, §9.1) and makes a NAL unit of them, for tests that build or rewrite parameter sets.
 */
public final class RbspWriter {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private int current;
    private int count;

    /** The low {@code width} bits of {@code value}, most significant first. */
    public void bits(int value, int width) {
        for (int i = width - 1; i >= 0; i--) {
            current = current << 1 | (value >> i & 1);
            if (++count == 8) {
                bytes.write(current);
                current = 0;
                count = 0;
            }
        }
    }

    /** {@code value} as ue(v). */
    public void ue(int value) {
        int coded = value + 1;
        int length = 32 - Integer.numberOfLeadingZeros(coded);
        bits(0, length - 1);
        bits(coded, length);
    }

    /**
     * The header byte, then the bits written (the caller wrote the RBSP stop bit; zeros to the
     * byte's end) with emulation prevention (a 3 after two zero bytes).
     */
    public byte[] nalUnit(int header) {
        if (count > 0) {
            bits(0, 8 - count);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(header);
        int zeros = 0;
        for (byte b : bytes.toByteArray()) {
            if (zeros >= 2 && (b & 0xff) <= 3) {
                out.write(3);
                zeros = 0;
            }
            zeros = b == 0 ? zeros + 1 : 0;
            out.write(b);
        }
        return out.toByteArray();
    }
}
