package io.p2pcam.cloud.core;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;

/**
 * Who is behind a source address, at three widths (issue 13: limits per IPv6 /64 alone let one
 * household or site multiply them by 256 or 65,536). Level 0 is an IPv4 address or an IPv6 /64
 * (one host or one LAN); level 1 an IPv6 /56 (a typical home delegation, RFC 6177); level 2 an
 * IPv6 /48 (a typical site). IPv4 sources have level 0 only. Ports never count.
 */
final class Party {
    static final int LEVELS = 3;
    /** Bits of the /64 prefix kept at each level. */
    private static final long[] MASKS = {-1L, -1L << 8, -1L << 16};

    private Party() {}

    /** Whether {@code source} has a prefix at {@code level} (asked per request: no copy of the address). */
    static boolean hasLevel(InetSocketAddress source, int level) {
        return level == 0 || source.getAddress() instanceof Inet6Address;
    }

    /** A 64-bit key for {@code source}'s prefix at {@code level}, distinct across families and levels. */
    static long key(InetSocketAddress source, int level) {
        if (source.getAddress() instanceof Inet4Address v4) {
            // Four fixed indices into the copy getAddress() makes, no loop: the JIT then keeps the
            // copy in registers instead of allocating it, once per admitted request (issue 13 §5 (a)).
            byte[] ip = v4.getAddress();
            long bits = (ip[0] & 0xffL) << 24 | (ip[1] & 0xff) << 16 | (ip[2] & 0xff) << 8 | ip[3] & 0xff;
            return 0xFF00_0000_0000_0000L | bits; // ff00::/8 is multicast, never an IPv6 source
        }
        byte[] ip = source.getAddress().getAddress();
        long bits = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            bits = bits << 8 | ip[i] & 0xff;
        }
        return (bits & MASKS[level]) ^ ((long) level << 60) * 0x9E3779B97F4A7C15L;
    }

    /**
     * A bijective mix of a party's key under a secret {@code seed} (distinct keys stay distinct),
     * for maps keyed by parties: the addresses are the senders' choice, and unmixed they could aim
     * every key at one hash bucket.
     */
    static long mixed(long key, long seed) {
        long h = key ^ seed;
        h = (h ^ (h >>> 33)) * 0xff51afd7ed558ccdL;
        h = (h ^ (h >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }
}
