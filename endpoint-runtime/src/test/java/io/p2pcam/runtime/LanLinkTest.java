package io.p2pcam.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 6762 §11's source address check: which senders are on the link. */
class LanLinkTest {
    private static LanLink.Prefix prefix(String address, int length) {
        return new LanLink.Prefix(InetAddress.ofLiteral(address), length);
    }

    private static boolean onLink(LanLink link, String sender) {
        return link.onLink(InetAddress.ofLiteral(sender));
    }

    @Test
    void aSenderOnAnInterfacesSubnetIsOnTheLinkAndOneOffItIsNot() {
        LanLink link = new LanLink(List.of(prefix("192.0.2.10", 24), prefix("10.1.0.1", 20)));

        assertThat(onLink(link, "192.0.2.1")).isTrue();
        assertThat(onLink(link, "192.0.2.254")).isTrue();
        assertThat(onLink(link, "10.1.15.200")).as("in the /20").isTrue();
        assertThat(onLink(link, "198.51.100.7")).as("another network").isFalse();
        assertThat(onLink(link, "192.0.3.1")).as("the next /24").isFalse();
        assertThat(onLink(link, "10.1.16.1")).as("past the /20").isFalse();
        assertThat(onLink(link, "127.0.0.1")).as("no loopback interface given").isFalse();
        assertThat(onLink(link, "192.0.2.0"))
                .as("the /24's network address: no host")
                .isFalse();
        assertThat(onLink(link, "192.0.2.255")).as("its broadcast address").isFalse();
        assertThat(onLink(link, "10.1.15.255"))
                .as("the /20's broadcast address")
                .isFalse();
        assertThat(onLink(link, "10.1.1.0")).as("a host of the /20").isTrue();
    }

    @Test
    void loopbackIsOnTheLinkOfALoopbackInterfaceAndIpv6LinkLocalAlways() {
        LanLink loopbackOnly = new LanLink(List.of(prefix("127.0.0.1", 8), prefix("::1", 128)));

        assertThat(onLink(loopbackOnly, "127.0.0.1")).isTrue();
        assertThat(onLink(loopbackOnly, "::1")).isTrue();
        assertThat(onLink(loopbackOnly, "fe80::1:2ff:fe03:405"))
                .as("IPv6 link-local")
                .isTrue();
        assertThat(onLink(loopbackOnly, "2001:db8::5")).isFalse();
        assertThat(onLink(loopbackOnly, "192.0.2.1")).isFalse();
        assertThat(loopbackOnly.onLink(null)).as("no packet sender noted").isTrue();
    }

    @Test
    void anIpv6SenderIsOnTheLinkWhenOnAnOnLinkPrefix() {
        LanLink link = new LanLink(List.of(prefix("2001:db8:0:1::10", 64), prefix("192.0.2.10", 24)));

        assertThat(onLink(link, "2001:db8:0:1::ab")).isTrue();
        assertThat(onLink(link, "2001:db8:0:2::ab")).isFalse();
        assertThat(onLink(link, "::ffff:c000:201"))
                .as("IPv4-mapped reaches Java as IPv4")
                .isTrue();
    }

    @Test
    void aPrefixLongerThanTheAddressIsRefusedAndOneOfLength31Or32HasNoBroadcast() {
        assertThatThrownBy(() -> prefix("192.0.2.1", 33)).isInstanceOf(IllegalArgumentException.class);
        assertThat(prefix("0.0.0.0", 0).contains(InetAddress.ofLiteral("203.0.113.9")))
                .isTrue();
    }

    /**
     * A JmDNS hears the group only on its own interface (the JDK turns IP_MULTICAST_ALL off), so its
     * link is that interface's subnets, not every interface's: here the loopback's is another's.
     */
    @Test
    void anInterfacesLinkIsItsOwnSubnetsNotTheOtherInterfaces() {
        assumeFalse(LanInterfaces.multicastCapable().isEmpty(), "no multicast-capable interface");
        InetAddress lan = LanInterfaces.multicastCapable().getFirst();

        LanLink own = LanInterfaces.onLinkOf(lan).get();

        assertThat(own.prefixes())
                .isNotEmpty()
                .allMatch(prefix -> prefix.contains(lan) || !(prefix.address() instanceof java.net.Inet4Address));
        assertThat(onLink(own, "127.0.0.1"))
                .as("the loopback interface's subnet")
                .isFalse();
        assertThat(onLink(LanInterfaces.onLink(), "127.0.0.1"))
                .as("every interface's subnets")
                .isTrue();
    }
}
