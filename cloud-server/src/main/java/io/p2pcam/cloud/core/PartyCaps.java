package io.p2pcam.cloud.core;

import java.net.InetSocketAddress;
import java.util.function.IntUnaryOperator;

/**
 * Caps on what one party may hold at once, per {@link Party} level.
 *
 * @param perAddress per IPv4 address or IPv6 /64
 * @param per56 per IPv6 /56
 * @param per48 per IPv6 /48
 */
public record PartyCaps(int perAddress, int per56, int per48) {
    public PartyCaps {
        if (perAddress < 1 || per56 < perAddress || per48 < per56) {
            throw new IllegalArgumentException(
                    "party caps must be positive and grow with the prefix: /64 <= /56 <= /48, not " + perAddress + ", "
                            + per56 + ", " + per48);
        }
    }

    /**
     * Caps of {@code perAddress} per IPv4 address or IPv6 /64, four times that per /56 (a home's
     * 256 /64s) and sixteen times per /48 (a site's), for limits set as one number per address.
     */
    public static PartyCaps widening(int perAddress) {
        return new PartyCaps(perAddress, (int) Math.min(Integer.MAX_VALUE, 4L * perAddress), (int)
                Math.min(Integer.MAX_VALUE, 16L * perAddress));
    }

    /**
     * The narrowest level at which one more for {@code source} would pass its cap, given what its
     * party holds at each level ({@code heldAtLevel}), or -1 if none would: what its party at that
     * level holds is also held by its wider parties.
     */
    int fullLevel(InetSocketAddress source, IntUnaryOperator heldAtLevel) {
        for (int level = 0; level < Party.LEVELS; level++) {
            if (Party.hasLevel(source, level) && heldAtLevel.applyAsInt(level) >= atLevel(level)) {
                return level;
            }
        }
        return -1;
    }

    int atLevel(int level) {
        return switch (level) {
            case 0 -> perAddress;
            case 1 -> per56;
            default -> per48;
        };
    }
}
