package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import org.junit.jupiter.api.Test;

class LocalAddressesTest {
    private static InetSocketAddress at(String ip, int port) {
        return new InetSocketAddress(InetAddress.ofLiteral(ip), port);
    }

    @Test
    void aWildcardCloudOwnsLoopbackTheUnspecifiedAddressAndItsInterfacesOnItsPortsOnly() throws Exception {
        LocalAddresses own = new LocalAddresses(InetAddress.ofLiteral("0.0.0.0"));
        own.addPort(32100);
        own.addPort(443);
        assertThat(own.contains(at("127.0.0.1", 32100))).isTrue();
        assertThat(own.contains(at("127.0.0.2", 443))).isTrue();
        assertThat(own.contains(at("::1", 32100))).isTrue();
        assertThat(own.contains(at("::ffff:127.0.0.1", 32100))).isTrue();
        assertThat(own.contains(at("0.0.0.0", 32100))).isTrue();
        assertThat(own.contains(at("::", 443))).isTrue();
        InetAddress first = NetworkInterface.networkInterfaces()
                .flatMap(NetworkInterface::inetAddresses)
                .findFirst()
                .orElseThrow();
        assertThat(own.contains(new InetSocketAddress(first, 32100))).isTrue();

        assertThat(own.contains(at("127.0.0.1", 32101))).as("another port").isFalse();
        assertThat(own.contains(at("192.0.2.1", 32100)))
                .as("a documentation address")
                .isFalse();
    }

    @Test
    void aCloudBoundToOneAddressOwnsIt() {
        LocalAddresses own = new LocalAddresses(InetAddress.ofLiteral("203.0.113.9"));
        own.addPort(32100);
        assertThat(own.contains(at("203.0.113.9", 32100))).isTrue();
        assertThat(own.contains(at("203.0.113.10", 32100))).isFalse();
    }
}
