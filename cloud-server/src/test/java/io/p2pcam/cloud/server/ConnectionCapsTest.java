package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class ConnectionCapsTest {
    /** An address in the site 2001:db8:1::/48: /56 number {@code home}, /64 number {@code lan} in it. */
    private static InetSocketAddress inSite(int home, int lan, int port) {
        return new InetSocketAddress(String.format("2001:db8:1:%02x%02x::7", home, lan), port);
    }

    private static int admitted(ConnectionCaps caps, int homes, int lansPerHome, int perLan) {
        int admitted = 0;
        for (int home = 0; home < homes; home++) {
            for (int lan = 0; lan < lansPerHome; lan++) {
                for (int i = 0; i < perLan; i++) {
                    if (caps.admit(inSite(home, lan, 40000 + i))) {
                        admitted++;
                    }
                }
            }
        }
        return admitted;
    }

    @Test
    void oneIpv6SiteCannotTakeTheWholePortThroughManySlash64s() {
        ConnectionCaps caps = new ConnectionCaps(20_000, 64);
        // 400 /64s of 64 connections each: 25,600, more than the port holds in all.
        assertThat(admitted(caps, 4, 100, 64))
                .as("connections of one /48 (64 per /64, 256 per /56, 1,024 per /48)")
                .isEqualTo(1024);
        assertThat(caps.admit(new InetSocketAddress("2001:db8:2::1", 40000)))
                .as("another site")
                .isTrue();
        assertThat(caps.admit(new InetSocketAddress("198.51.100.7", 40000))).isTrue();
    }

    @Test
    void oneHomeSlash56IsHeldToItsShare() {
        ConnectionCaps caps = new ConnectionCaps(20_000, 64);
        assertThat(admitted(caps, 1, 10, 64)).as("ten /64s of one /56").isEqualTo(256);
        assertThat(caps.admit(inSite(1, 0, 40000)))
                .as("the next /56 of the site")
                .isTrue();
    }

    @Test
    void aClosedConnectionFreesItsPlaceAtEveryLevel() {
        ConnectionCaps caps = new ConnectionCaps(20_000, 2);
        InetSocketAddress one = inSite(0, 0, 40000);
        assertThat(caps.admit(one)).isTrue();
        assertThat(caps.admit(inSite(0, 0, 40001))).isTrue();
        assertThat(caps.admit(inSite(0, 0, 40002))).as("over the /64's share").isFalse();
        caps.release(one);
        assertThat(caps.admit(inSite(0, 0, 40002))).isTrue();
        assertThat(caps.open()).isEqualTo(2);
    }

    @Test
    void theTotalCapHoldsWhateverTheSources() {
        ConnectionCaps caps = new ConnectionCaps(3, 64);
        for (int i = 1; i <= 3; i++) {
            assertThat(caps.admit(new InetSocketAddress("192.0.2." + i, 40000))).isTrue();
        }
        assertThat(caps.admit(new InetSocketAddress("192.0.2.4", 40000))).isFalse();
    }
}
