package io.p2pcam.cloud.core;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;

/**
 * How many of something each party ({@link Party}: an IPv4 address, an IPv6 /64, /56 and /48)
 * holds, counted exactly, for things the cloud holds few enough of to count one by one (TCP and
 * HTTP connections, relay sessions). A cap per IPv6 /64 alone let one site with a /48 take a whole
 * table through 65,536 /64s (issue 13 §1); {@link #full} checks every level. Memory grows with the
 * holdings, at most three entries each, and an entry goes with its party's last holding. The keys
 * are mixed under a secret seed, since the addresses are the senders' choice. Adds and removals
 * must be paired. Not thread-safe.
 */
public final class PartyTally {
    private final Map<Long, Integer> counts = new HashMap<>();
    private final long seed = new SecureRandom().nextLong();

    /** Whether one more for {@code source} would take its party past a cap at any level. */
    public boolean full(InetSocketAddress source, PartyCaps caps) {
        return fullLevel(source, caps) >= 0;
    }

    /**
     * The narrowest level at which one more for {@code source} would pass its cap, -1 if none
     * would: what its party at that level holds is also held by its wider parties.
     */
    int fullLevel(InetSocketAddress source, PartyCaps caps) {
        return caps.fullLevel(source, level -> count(source, level));
    }

    /** One more for {@code source}, at every level of its party. */
    public void add(InetSocketAddress source) {
        for (int level = 0; level < Party.LEVELS; level++) {
            if (Party.hasLevel(source, level)) {
                counts.merge(key(source, level), 1, Integer::sum);
            }
        }
    }

    /** One fewer for {@code source}, which must have been added. */
    public void remove(InetSocketAddress source) {
        for (int level = 0; level < Party.LEVELS; level++) {
            if (Party.hasLevel(source, level)) {
                counts.computeIfPresent(key(source, level), (k, n) -> n > 1 ? n - 1 : null);
            }
        }
    }

    /** What {@code source}'s party holds at {@code level}. */
    int count(InetSocketAddress source, int level) {
        return counts.getOrDefault(key(source, level), 0);
    }

    /** A bijective mix of the party's key (counts stay exact) that senders cannot aim at one hash bucket. */
    private long key(InetSocketAddress source, int level) {
        return Party.mixed(Party.key(source, level), seed);
    }
}
