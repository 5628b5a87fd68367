package io.p2pcam.protocol.hash;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * An IP address and port as the key of a hash map that senders fill (connections by remote
 * address, counts per source). The JDK's hash codes of addresses are public and add up:
 * {@code Inet6Address}'s is the sum of its four 32-bit words, so whoever holds an IPv6 /64 has
 * 2^32 addresses with one hash code; {@code Inet4Address}'s is the address and
 * {@code InetSocketAddress} adds the port, so (a, p) and (a + 1, p - 1) collide. Addresses have no
 * order, so a HashMap or ConcurrentHashMap bin of them is searched key by key. This key's hash
 * code mixes the address's bytes and the port under the process's secret seed ({@link SeededHash}).
 * Immutable.
 */
public final class AddressKey {
    private final InetAddress address;
    private final int port;
    private final int hash;

    private AddressKey(InetAddress address, int port) {
        this.address = address;
        this.port = port;
        this.hash = (int) SeededHash.mix(SeededHash.seeded(port) ^ SeededHash.of(address.getAddress()));
    }

    /** The key of a resolved socket address: its address and port. */
    public static AddressKey of(InetSocketAddress address) {
        return new AddressKey(address.getAddress(), address.getPort());
    }

    /** The key of an address without a port (a source prefix, say). */
    public static AddressKey of(InetAddress address) {
        return new AddressKey(address, 0);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AddressKey key && port == key.port && address.equals(key.address);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return port == 0 ? address.getHostAddress() : address.getHostAddress() + ":" + port;
    }
}
