package io.p2pcam.protocol.hash;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.Set;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * The cloud keys TCP connections by remote address and its per-source caps by source. Under the
 * JDK's hash codes one IPv6 /64 gives 2^32 addresses one hash code, and a map bin of addresses (no
 * order) is searched key by key: a /56 holding its 64 connections per /64 (16,384) in one bin made
 * every datagram to a TCP client or from a colliding source walk them all.
 */
class AddressKeyTest {
    private static final int ADDRESSES = 1000;

    @Test
    void addressesOfOneSlash64ChosenToShareTheJdkHashCodeGetHashCodesOfTheirOwn() {
        assertSpread(i -> new InetSocketAddress(CollidingKeys.ipv6OfOneHashCode(i), 443));
    }

    @Test
    void ipv4SocketAddressesChosenToShareTheJdkHashCodeGetHashCodesOfTheirOwn() {
        assertSpread(CollidingKeys::ipv4SocketOfOneHashCode);
    }

    private static void assertSpread(IntFunction<InetSocketAddress> chosen) {
        Set<InetSocketAddress> addresses = new HashSet<>();
        Set<Integer> jdkHashCodes = new HashSet<>();
        Set<Integer> keyHashCodes = new HashSet<>();
        for (int i = 0; i < ADDRESSES; i++) {
            InetSocketAddress address = chosen.apply(i);
            addresses.add(address);
            jdkHashCodes.add(address.hashCode());
            keyHashCodes.add(AddressKey.of(address).hashCode());
        }

        assertThat(addresses).hasSize(ADDRESSES);
        assertThat(jdkHashCodes).as("the attacker's aim").hasSize(1);
        assertThat(keyHashCodes)
                .as("distinct hash codes of %d keys of addresses chosen to collide", ADDRESSES)
                .hasSizeGreaterThan(ADDRESSES - 5);
    }

    @Test
    void keysOfEqualAddressesAreEqualWithEqualHashCodes() throws UnknownHostException {
        InetAddress host = InetAddress.getByName("2001:db8::7");
        AddressKey key = AddressKey.of(new InetSocketAddress(host, 5000));

        assertThat(AddressKey.of(new InetSocketAddress(InetAddress.getByName("2001:db8:0::7"), 5000)))
                .isEqualTo(key)
                .hasSameHashCodeAs(key);
        assertThat(AddressKey.of(new InetSocketAddress(host, 5001))).isNotEqualTo(key);
        assertThat(AddressKey.of(host)).isEqualTo(AddressKey.of(host)).hasSameHashCodeAs(AddressKey.of(host));
        assertThat(AddressKey.of(InetAddress.getByName("198.51.100.7")))
                .isNotEqualTo(AddressKey.of(InetAddress.getByName("198.51.100.8")));
    }
}
