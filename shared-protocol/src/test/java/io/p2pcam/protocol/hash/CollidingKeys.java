package io.p2pcam.protocol.hash;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

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

    /**
     * The {@code i}th (i below 2^28) of the addresses of one IPv6 /64, 2001:db8:0:1::/64, that share
     * an Inet6Address.hashCode: that is the sum of the four 32-bit words (read from signed bytes),
     * so bytes b of the third word and 127 - b of the fourth always add 0x7f7f7f7f. Whoever holds a
     * /64 has them; from other /64s, a fourth word made up for the second one's difference.
     */
    public static InetAddress ipv6OfOneHashCode(int i) {
        byte[] bytes = {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0};
        for (int digit = 0; digit < 4; digit++) {
            int b = (i >>> 7 * digit) & 0x7f;
            bytes[11 - digit] = (byte) b;
            bytes[15 - digit] = (byte) (127 - b);
        }
        return address(bytes);
    }

    /**
     * The {@code i}th of IPv4 socket addresses with one InetSocketAddress.hashCode: that adds the
     * port to the address's hash code, which is the address, so 10.0.0.0 + i on port 40,000 - i.
     */
    public static InetSocketAddress ipv4SocketOfOneHashCode(int i) {
        int ip = 0x0A00_0000 + i;
        return new InetSocketAddress(
                address(new byte[] {(byte) (ip >>> 24), (byte) (ip >>> 16), (byte) (ip >>> 8), (byte) ip}), 40_000 - i);
    }

    private static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes are an address", e);
        }
    }
}
