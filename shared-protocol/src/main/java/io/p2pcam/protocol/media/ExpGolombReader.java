package io.p2pcam.protocol.media;

/**
 * Reads the bits of one NAL unit's payload (H.264 §7.2): fixed-width fields and the
 * Exp-Golomb-coded ue(v) and se(v) of §9.1, skipping emulation prevention bytes (a 3 after two
 * zero bytes) as it goes. Reading past the end throws {@link IndexOutOfBoundsException}.
 */
final class ExpGolombReader {
    private final byte[] data;
    private int index;
    private int bit = 8; // bits of data[index - 1] not read yet, from the top; 8: take the next byte
    private int current;
    private int zeros; // zero bytes in a row just taken

    /** @param from the first payload byte (after the NAL header) */
    ExpGolombReader(byte[] data, int from) {
        this.data = data;
        this.index = from;
    }

    boolean bit() {
        if (bit == 8) {
            nextByte();
        }
        bit++;
        return ((current >> (8 - bit)) & 1) != 0;
    }

    int bits(int count) {
        int value = 0;
        for (int i = 0; i < count; i++) {
            value = value << 1 | (bit() ? 1 : 0);
        }
        return value;
    }

    /** ue(v): unsigned Exp-Golomb, at most 31 leading zeros. */
    int ue() {
        int leadingZeros = 0;
        while (!bit()) {
            if (++leadingZeros > 31) {
                throw new IllegalArgumentException("ue(v) longer than 32 bits");
            }
        }
        long value = (1L << leadingZeros) - 1 + bitsLong(leadingZeros);
        if (value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("ue(v) out of range");
        }
        return (int) value;
    }

    /** se(v): signed Exp-Golomb (§9.1.1). */
    int se() {
        int k = ue();
        return (k & 1) != 0 ? (k + 1) / 2 : -(k / 2);
    }

    private long bitsLong(int count) {
        long value = 0;
        for (int i = 0; i < count; i++) {
            value = value << 1 | (bit() ? 1 : 0);
        }
        return value;
    }

    private void nextByte() {
        if (zeros >= 2 && data[index] == 3) {
            index++; // emulation_prevention_three_byte
            zeros = 0;
        }
        current = data[index++] & 0xff;
        zeros = current == 0 ? zeros + 1 : 0;
        bit = 0;
    }
}
