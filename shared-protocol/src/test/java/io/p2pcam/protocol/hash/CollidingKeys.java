package io.p2pcam.protocol.hash;

/** Keys an attacker writes to share a public hash code, for the hash-flooding tests and bench/hash-flood.sh. */
public final class CollidingKeys {
    private CollidingKeys() {}

    /**
     * The {@code i}th of up to 9^(length/2) byte strings with the Arrays.hashCode of {@code length}
     * zero bytes: byte pairs (k, -31k), k in -4..4, each pair adding 31k - 31k = 0 to the sum.
     */
    public static byte[] arraysHashCodeOfZeros(int i, int length) {
        byte[] bytes = new byte[length];
        int digits = i;
        for (int pair = 0; pair < length / 2; pair++, digits /= 9) {
            int k = digits % 9 - 4;
            bytes[2 * pair] = (byte) k;
            bytes[2 * pair + 1] = (byte) (-31 * k);
        }
        return bytes;
    }
}
