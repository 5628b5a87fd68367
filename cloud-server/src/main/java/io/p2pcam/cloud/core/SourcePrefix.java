package io.p2pcam.cloud.core;

import io.p2pcam.protocol.hash.AddressKey;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * The "source" a per-source cap counts an address against: an IPv4 address, or the /64 of an
 * IPv6 address (one household gets a whole /64, as for the rate limits of docs/PROTOCOL.md §6.1),
 * as the key of a table of per-source counts (a sender chooses its source: {@link AddressKey}).
 */
public final class SourcePrefix {
    private SourcePrefix() {}

    public static AddressKey of(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        if (ip instanceof Inet6Address) {
            byte[] prefix = Arrays.copyOf(ip.getAddress(), 16);
            Arrays.fill(prefix, 8, 16, (byte) 0);
            try {
                return AddressKey.of(InetAddress.getByAddress(prefix));
            } catch (UnknownHostException e) {
                throw new IllegalStateException("16 bytes are an IPv6 address", e);
            }
        }
        return AddressKey.of(ip);
    }
}
