package io.p2pcam.runtime;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

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
     * The subnets of every interface that is up, the loopback's too: what a record the browser
     * reads from JmDNS's cache (already checked on its way in, {@link #onLinkOf}) is checked
     * against again. Read when browsing starts and again when a sender is on none of them
     * ({@link LanLinkWatch}); none when the interfaces cannot be read.
     */
    static LanLink onLink() {
        List<LanLink.Prefix> prefixes = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nic.isUp()) {
                    addPrefixes(nic, prefixes);
                }
            }
        } catch (SocketException e) {
            return new LanLink(prefixes); // those read so far
        }
        return new LanLink(prefixes);
    }

    /**
     * The subnets of the interface that has {@code address} (one JmDNS's), read at each call from
     * the interface of that name, as it is then: a JmDNS socket hears the group only on the
     * interface it joined it on (the JDK turns Linux's IP_MULTICAST_ALL off on its sockets), so a
     * sender is on the link only if it is on that interface's subnets (RFC 6762 §11). None when the
     * interface is gone or down.
     */
    static Supplier<LanLink> onLinkOf(InetAddress address) {
        String name;
        try {
            NetworkInterface nic = NetworkInterface.getByInetAddress(address);
            name = nic == null ? null : nic.getName();
        } catch (SocketException e) {
            name = null;
        }
        String interfaceName = name;
        return () -> {
            List<LanLink.Prefix> prefixes = new ArrayList<>();
            try {
                NetworkInterface nic = interfaceName == null ? null : NetworkInterface.getByName(interfaceName);
                if (nic != null && nic.isUp()) {
                    addPrefixes(nic, prefixes);
                }
            } catch (SocketException e) {
                // none read: only IPv6 link-local senders are on the link until the next read
            }
            return new LanLink(prefixes);
        };
    }

    private static void addPrefixes(NetworkInterface nic, List<LanLink.Prefix> prefixes) {
        for (InterfaceAddress address : nic.getInterfaceAddresses()) {
            InetAddress on = address.getAddress();
            int length = address.getNetworkPrefixLength();
            if (on != null && length >= 0 && length <= on.getAddress().length * 8) {
                prefixes.add(new LanLink.Prefix(on, length));
            }
        }
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
