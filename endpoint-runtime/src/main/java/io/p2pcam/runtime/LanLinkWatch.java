package io.p2pcam.runtime;

import java.net.InetAddress;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The host's links as they are now, for RFC 6762 §11's source address check ({@link LanLink}):
 * a laptop that joins another network, or gets a new address by DHCP, while the viewer runs must
 * hear its new LAN's cameras, so a sender off the links last read makes the links be read again,
 * at most once per {@value #REREAD_MILLIS} ms (a flood from off the link costs one read of the
 * interfaces per period, not one per packet). Sans I/O: the reading and the clock are given
 * ({@link LanInterfaces#onLink} and the system's clock in the browser). Thread-safe: JmDNS asks
 * from its own threads.
 */
final class LanLinkWatch {
    /** The shortest time between two reads of the links: 5 s. */
    static final long REREAD_MILLIS = 5_000;

    private final Supplier<LanLink> read;
    private final LongSupplier clock;
    private volatile LanLink current;
    private long readAt;

    LanLinkWatch(Supplier<LanLink> read, LongSupplier clock) {
        this.read = read;
        this.clock = clock;
        this.current = read.get();
        this.readAt = clock.getAsLong();
    }

    /** Whether {@code sender} is on one of the host's links, read again first if it is on none of them and the last read is old. */
    boolean onLink(InetAddress sender) {
        if (current.onLink(sender)) {
            return true;
        }
        synchronized (this) {
            long now = clock.getAsLong();
            if (now - readAt >= REREAD_MILLIS) {
                readAt = now;
                current = read.get();
            }
            return current.onLink(sender);
        }
    }
}
