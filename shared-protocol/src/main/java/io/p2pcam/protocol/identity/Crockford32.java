package io.p2pcam.protocol.identity;

import java.util.Arrays;

/**
 * Crockford's base32 alphabet (crockford.com/base32.html): digits and upper-case letters without
 * I, L, O and U. On input, letters are case-insensitive and the look-alikes O→0, I→1, L→1 are
 * accepted, as the encoding's specification asks.
 */
final class Crockford32 {
    static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final int[] VALUES = new int[128];

    static {
        Arrays.fill(VALUES, -1);
        for (int i = 0; i < ALPHABET.length(); i++) {
            char c = ALPHABET.charAt(i);
            VALUES[c] = i;
            VALUES[Character.toLowerCase(c)] = i;
        }
        VALUES['O'] = VALUES['o'] = 0;
        VALUES['I'] = VALUES['i'] = VALUES['L'] = VALUES['l'] = 1;
    }

    private Crockford32() {}

    /** The 5-bit value of {@code c}, or -1 when it is not a base32 character. */
    static int valueOf(char c) {
        return c < VALUES.length ? VALUES[c] : -1;
    }

    static char symbol(int value) {
        return ALPHABET.charAt(value);
    }

    /** Big-endian: the first symbol holds the top 5 bits. {@code bytes.length * 8} must be a multiple of 5. */
    static int[] toSymbols(byte[] bytes) {
        int[] symbols = new int[bytes.length * 8 / 5];
        int buffer = 0;
        int bits = 0;
        int out = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                symbols[out++] = (buffer >>> bits) & 31;
            }
        }
        return symbols;
    }

    static byte[] fromSymbols(int[] symbols) {
        byte[] bytes = new byte[symbols.length * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int out = 0;
        for (int symbol : symbols) {
            buffer = (buffer << 5) | symbol;
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                bytes[out++] = (byte) (buffer >>> bits);
            }
        }
        return bytes;
    }

    /**
     * Luhn mod N check symbol over base32 values (N = 32): catches every single-symbol typo and
     * almost every swap of neighbours, while keeping the ID free of punctuation (Crockford's own
     * mod-37 check adds {@code * ~ $ =}, which break double-click selection and shells).
     */
    static int luhnCheck(int[] symbols) {
        int factor = 2;
        int sum = 0;
        for (int i = symbols.length - 1; i >= 0; i--) {
            int addend = factor * symbols[i];
            factor = factor == 2 ? 1 : 2;
            sum += addend / 32 + addend % 32;
        }
        return (32 - sum % 32) % 32;
    }
}
