package io.p2pcam.runtime;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The addresses mDNS runs on: one IPv4 address of each network interface that is up, is not
 * the loopback and supports multicast (mDNS is link-local multicast, RFC 6762 §3: a LAN thing).
 */
public final class LanInterfaces {
    private LanInterfaces() {}

    /** The address of each multicast-capable LAN interface, in the system's order; empty when there is none. */
    public static List<InetAddress> multicastCapable() {
        List<InetAddress> addresses = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback() || !nic.supportsMulticast() || nic.isPointToPoint()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLinkLocalAddress()) {
                        addresses.add(address);
                        break;
                    }
                }
            }
        } catch (SocketException e) {
            return List.of();
        }
        return List.copyOf(addresses);
    }

    /**
     * The subnets of every interface that is up, the loopback's too (RFC 6762 §11's source address
     * check, {@link LanLink}): all of them, not only the one a JmDNS was made on, since every mDNS
     * socket on port 5353 hears the group on every interface that joined it (Linux's
     * IP_MULTICAST_ALL). Read when browsing starts and again when a sender is on none of them
     * ({@link LanLinkWatch}); none when the interfaces cannot be read.
     */
    static LanLink onLink() {
        List<LanLink.Prefix> prefixes = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp()) {
                    continue;
                }
                for (InterfaceAddress address : nic.getInterfaceAddresses()) {
                    InetAddress on = address.getAddress();
                    int length = address.getNetworkPrefixLength();
                    if (on != null && length >= 0 && length <= on.getAddress().length * 8) {
                        prefixes.add(new LanLink.Prefix(on, length));
                    }
                }
            }
        } catch (SocketException e) {
            return new LanLink(prefixes); // those read so far
        }
        return new LanLink(prefixes);
    }

    /** The addresses as text for messages: "192.168.1.5, 10.0.0.2", or "none". */
    public static String describe(List<InetAddress> addresses) {
        return addresses.isEmpty()
                ? "none"
                : String.join(
                        ", ",
                        addresses.stream().map(InetAddress::getHostAddress).toList());
    }
}
