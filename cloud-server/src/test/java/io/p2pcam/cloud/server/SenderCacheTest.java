package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.cloud.core.ClientAddress;
import io.p2pcam.cloud.core.Lane;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Senders from raw {@code sockaddr}s as the kernel writes them (here by {@link NativeSockaddr#write}). */
class SenderCacheTest {
    private static final int REPEATS = 100_000;

    private final Arena arena = Arena.ofConfined();
    private final MemorySegment names = arena.allocate(2L * NativeSockaddr.BYTES, 8);
    private final SenderCache cache = new SenderCache();

    @AfterEach
    void free() {
        arena.close();
    }

    private ClientAddress sender(InetSocketAddress address, int family) {
        NativeSockaddr.write(names, 0, address, family);
        return cache.sender(names, 0);
    }

    @Test
    void theSameSourceGivesTheSameObjectAnotherPortOrHostAnother() throws Exception {
        InetSocketAddress source = new InetSocketAddress(InetAddress.getByName("192.0.2.7"), 40_000);
        ClientAddress first = sender(source, LinuxSocketCalls.AF_INET);
        assertThat(first).isEqualTo(ClientAddress.udp(source));
        assertThat(first.lane()).isEqualTo(Lane.UDP);
        assertThat(sender(source, LinuxSocketCalls.AF_INET)).isSameAs(first);

        InetSocketAddress otherPort = new InetSocketAddress(source.getAddress(), 40_001);
        assertThat(sender(otherPort, LinuxSocketCalls.AF_INET)).isEqualTo(ClientAddress.udp(otherPort));
        InetSocketAddress otherHost = new InetSocketAddress(InetAddress.getByName("192.0.2.8"), 40_000);
        assertThat(sender(otherHost, LinuxSocketCalls.AF_INET)).isEqualTo(ClientAddress.udp(otherHost));
    }

    @Test
    void ipv4OverADualStackSocketIsPlainIpv4AndIpv6KeepsItsScope() throws Exception {
        InetSocketAddress v4 = new InetSocketAddress(InetAddress.getByName("198.51.100.1"), 5_000);
        ClientAddress mapped = sender(v4, LinuxSocketCalls.AF_INET6);
        assertThat(mapped.address().getAddress()).isInstanceOf(Inet4Address.class);
        assertThat(mapped).isEqualTo(ClientAddress.udp(v4));

        byte[] linkLocal = InetAddress.getByName("fe80::1").getAddress();
        InetSocketAddress scope2 = new InetSocketAddress(Inet6Address.getByAddress(null, linkLocal, 2), 5_000);
        InetSocketAddress scope3 = new InetSocketAddress(Inet6Address.getByAddress(null, linkLocal, 3), 5_000);
        ClientAddress onTwo = sender(scope2, LinuxSocketCalls.AF_INET6);
        assertThat(onTwo).isEqualTo(ClientAddress.udp(scope2));
        assertThat(sender(scope3, LinuxSocketCalls.AF_INET6))
                .as("the same address on another link is another sender")
                .isEqualTo(ClientAddress.udp(scope3));
        assertThat(sender(scope2, LinuxSocketCalls.AF_INET6)).isEqualTo(ClientAddress.udp(scope2));
    }

    @Test
    void whatAnIpv6AddressLeftAfterAnIpv4OneIsNotCompared() throws Exception {
        InetSocketAddress v4 = new InetSocketAddress(InetAddress.getByName("203.0.113.9"), 7_000);
        ClientAddress first = sender(v4, LinuxSocketCalls.AF_INET);
        sender(new InetSocketAddress(InetAddress.getByName("2001:db8::9"), 7_000), LinuxSocketCalls.AF_INET6);
        // The kernel writes 16 bytes for IPv4: the rest of the slot still holds the IPv6 sender's.
        NativeSockaddr.write(names, 0, v4, LinuxSocketCalls.AF_INET);
        ClientAddress again = cache.sender(names, 0);
        assertThat(again).isEqualTo(first);
    }

    @Test
    void aSenderSeenBeforeCostsNoAllocationWhereMakingItAnewDoes() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        NativeSockaddr.write(
                names, 0, new InetSocketAddress(InetAddress.getByName("192.0.2.7"), 40_000), LinuxSocketCalls.AF_INET6);
        ClientAddress known = cache.sender(names, 0);
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < REPEATS; i++) {
            if (cache.sender(names, 0) != known) {
                throw new AssertionError("a known sender made anew");
            }
        }
        long cached = threads.getCurrentThreadAllocatedBytes() - before;
        before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < REPEATS; i++) {
            if (!ClientAddress.udp(NativeSockaddr.read(names, 0)).equals(known)) {
                throw new AssertionError("read another address");
            }
        }
        long anew = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(cached)
                .as("bytes allocated by %d datagrams from a known sender", REPEATS)
                .isLessThan(REPEATS);
        assertThat(anew).as("bytes allocated making the sender anew each time").isGreaterThan(50L * REPEATS);
    }

    @Test
    void manyMoreSourcesThanEntriesAreEachStillTheirOwn() throws Exception {
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 8 * SenderCache.ENTRIES; i++) {
                InetSocketAddress source = new InetSocketAddress(
                        InetAddress.getByAddress(new byte[] {10, 0, (byte) (i >> 8), (byte) i}), 1_024 + i % 7);
                assertThat(sender(source, LinuxSocketCalls.AF_INET)).isEqualTo(ClientAddress.udp(source));
            }
        }
    }
}
