package io.p2pcam.cloud.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The pending-connect tables (ConnectBroker's, ClusterView's) are HashMaps keyed by viewer
 * request. A viewer chooses its transaction and, spoofing, its source: under a public hash it can
 * give every request it holds pending the same hash code, and a HashMap bin of keys with one hash
 * and no order is searched one key at a time, so that each CONNECT_REQUEST compares itself with
 * every pending one (~10,000 at the default cap).
 */
class ViewerRequestTest {
    @Test
    void requestsChosenToShareTheRecordHashCodeGetHashCodesOfTheirOwn() throws UnknownHostException {
        Set<Integer> hashCodes = new HashSet<>();
        int requests = 1000;
        for (int i = 0; i < requests; i++) {
            // Spoofed sources whose address + port is one number, each with the transaction that
            // makes 31 * viewer.hashCode() + Long.hashCode(transaction) zero.
            InetSocketAddress viewer = new InetSocketAddress(ipv4(0x0A00_0000 + i), 40_000 - i);
            long transaction = Integer.toUnsignedLong(-31 * viewer.hashCode());
            ViewerRequest request = new ViewerRequest(ClientAddress.udp(viewer), transaction);
            assertThat(31 * viewer.hashCode() + Long.hashCode(transaction)).isZero(); // the attacker's aim
            hashCodes.add(request.hashCode());
        }

        assertThat(hashCodes)
                .as("distinct hash codes of %d requests chosen to collide", requests)
                .hasSizeGreaterThan(requests - 5);
    }

    @Test
    void equalRequestsAreEqualWithEqualHashCodes() throws UnknownHostException {
        ViewerRequest one = new ViewerRequest(ClientAddress.udp(new InetSocketAddress(ipv4(0xC633_6407), 5000)), 42);
        ViewerRequest same = new ViewerRequest(ClientAddress.udp(new InetSocketAddress(ipv4(0xC633_6407), 5000)), 42);

        assertThat(same).isEqualTo(one).hasSameHashCodeAs(one);
        assertThat(new ViewerRequest(ClientAddress.udp(new InetSocketAddress(ipv4(0xC633_6407), 5001)), 42))
                .isNotEqualTo(one);
        assertThat(new ViewerRequest(ClientAddress.udp(new InetSocketAddress(ipv4(0xC633_6407), 5000)), 43))
                .isNotEqualTo(one);
        assertThat(new ViewerRequest(ClientAddress.tcp(new InetSocketAddress(ipv4(0xC633_6407), 5000)), 42))
                .as("the same address and port over TCP: maybe another host behind the viewer's NAT")
                .isNotEqualTo(one);
    }

    private static InetAddress ipv4(int address) throws UnknownHostException {
        return InetAddress.getByAddress(
                new byte[] {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address});
    }
}
