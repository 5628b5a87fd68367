package io.p2pcam.cloud.server;

import io.p2pcam.cloud.core.OwnAddresses;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cloud's own addresses for {@link OwnAddresses}: every port the cloud listens on, at every
 * address that reaches it. That is the bound address, plus loopback and the unspecified address
 * (a datagram sent to 0.0.0.0 is delivered locally), plus, because a wildcard socket receives on
 * every interface, every address of every local interface. Interfaces come and go (DHCP, VPNs):
 * {@link #refresh()} re-reads them and is called periodically.
 *
 * <p>Thread-safe: {@link #contains} reads immutable snapshots published through volatile fields.
 */
final class LocalAddresses implements OwnAddresses {
    private static final Logger log = LoggerFactory.getLogger(LocalAddresses.class);

    private final InetAddress bound;
    private volatile Set<Integer> ports = Set.of();
    private volatile Set<InetAddress> addresses = Set.of();

    LocalAddresses(InetAddress bound) {
        this.bound = bound;
        refresh();
    }

    /** Adds a port the cloud now listens on (UDP or TCP). */
    synchronized void addPort(int port) {
        Set<Integer> next = new HashSet<>(ports);
        next.add(port);
        ports = Set.copyOf(next);
    }

    /** Re-reads the local interfaces' addresses. */
    void refresh() {
        Set<InetAddress> next = new HashSet<>();
        next.add(normalized(bound));
        try {
            for (NetworkInterface nif : NetworkInterface.networkInterfaces().toList()) {
                nif.inetAddresses().map(LocalAddresses::normalized).forEach(next::add);
            }
        } catch (SocketException e) {
            log.debug("cannot list the local interfaces; keeping the last known addresses", e);
            next.addAll(addresses);
        }
        addresses = Set.copyOf(next);
    }

    @Override
    public boolean contains(InetSocketAddress address) {
        if (!ports.contains(address.getPort())) {
            return false;
        }
        InetAddress ip = normalized(address.getAddress());
        return ip.isLoopbackAddress() || ip.isAnyLocalAddress() || addresses.contains(ip);
    }

    /** Without the IPv6 scope, and an IPv4-mapped IPv6 address as IPv4. */
    private static InetAddress normalized(InetAddress ip) {
        if (ip instanceof Inet6Address v6) {
            byte[] raw = v6.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= raw[i] == 0;
            }
            mapped &= raw[10] == (byte) 0xff && raw[11] == (byte) 0xff;
            try {
                return mapped
                        ? InetAddress.getByAddress(new byte[] {raw[12], raw[13], raw[14], raw[15]})
                        : InetAddress.getByAddress(raw);
            } catch (UnknownHostException e) {
                throw new IllegalStateException("a 4- or 16-byte address is always valid", e);
            }
        }
        return ip;
    }
}
