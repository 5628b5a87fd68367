package io.p2pcam.runtime;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * Which senders are on this host's links, for RFC 6762 §11's source address check: mDNS is
 * link-local, so a response from an address on none of the receiving interfaces' subnets was
 * routed or forged from off the link, and is dropped. Bounds a forger who spoofs source addresses
 * to the addresses of the LAN's own subnet (decision 0063). Sans I/O: the subnets are given
 * ({@link LanInterfaces#onLink} reads them from the interfaces).
 *
 * <p>An IPv6 link-local sender (fe80::/10) is always on the link. A loopback address is on the link
 * when a loopback interface's subnet is given (127.0.0.0/8, ::1/128): a host's own announcements
 * heard on its loopback.
 */
final class LanLink {
    /** One interface's subnet: {@code address} (any address in it) and its prefix length in bits. */
    record Prefix(InetAddress address, int length) {
        Prefix {
            Objects.requireNonNull(address);
            if (length < 0 || length > address.getAddress().length * 8) {
                throw new IllegalArgumentException("prefix length " + length + " for " + address.getHostAddress());
            }
        }

        /**
         * Whether {@code other} is a host of this subnet: in it, and for IPv4 not its network or
         * broadcast address (no host sends from those; a /31 or /32 has no such addresses).
         */
        boolean hasHost(InetAddress other) {
            if (!contains(other)) {
                return false;
            }
            if (other instanceof Inet6Address || length > 30) {
                return true;
            }
            int hostBits = (other.getAddress()[0] & 0xff) << 24
                    | (other.getAddress()[1] & 0xff) << 16
                    | (other.getAddress()[2] & 0xff) << 8
                    | other.getAddress()[3] & 0xff;
            int hostMask = -1 >>> length;
            return (hostBits & hostMask) != 0 && (hostBits & hostMask) != hostMask;
        }

        boolean contains(InetAddress other) {
            byte[] a = address.getAddress();
            byte[] b = other.getAddress();
            if (a.length != b.length) {
                return false; // IPv4 and IPv6 (an IPv4-mapped sender reaches Java as IPv4)
            }
            int whole = length / 8;
            for (int i = 0; i < whole; i++) {
                if (a[i] != b[i]) {
                    return false;
                }
            }
            int rest = length % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (a[whole] & mask) == (b[whole] & mask);
        }
    }

    private final List<Prefix> prefixes;

    LanLink(List<Prefix> prefixes) {
        this.prefixes = List.copyOf(prefixes);
    }

    /** The subnets given, for messages and tests. */
    List<Prefix> prefixes() {
        return prefixes;
    }

    /**
     * Whether a packet from {@code sender} may be heard: it is IPv6 link-local or a host of one of
     * the subnets ({@link Prefix#hasHost}). Null (JmDNS did not note the sender: a record it made itself) is not a packet from
     * anyone off the link, and is heard.
     */
    boolean onLink(InetAddress sender) {
        if (sender == null || sender instanceof Inet6Address && sender.isLinkLocalAddress()) {
            return true;
        }
        for (Prefix prefix : prefixes) {
            if (prefix.hasHost(sender)) {
                return true;
            }
        }
        return false;
    }
}
