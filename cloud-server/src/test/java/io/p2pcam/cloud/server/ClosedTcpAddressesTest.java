package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class ClosedTcpAddressesTest {
    private static final InetSocketAddress CAMERA = new InetSocketAddress("198.51.100.20", 40001);
    private static final InetSocketAddress OTHER = new InetSocketAddress("198.51.100.21", 40001);

    @Test
    void aClosedClientsAddressIsRememberedForTheGivenTimeThenForgotten() {
        ClosedTcpAddresses closed = new ClosedTcpAddresses(65_000, 100);
        closed.closed(CAMERA, 1_000);
        assertThat(closed.contains(CAMERA)).isTrue();
        assertThat(closed.contains(OTHER)).isFalse();
        closed.sweep(66_000);
        assertThat(closed.contains(CAMERA)).as("at the remembered time").isTrue();
        closed.sweep(66_001);
        assertThat(closed.contains(CAMERA)).isFalse();
        assertThat(closed.size()).isZero();
    }

    @Test
    void aNewConnectionFromTheAddressForgetsItAndAnotherCloseCountsFromItsOwnTime() {
        ClosedTcpAddresses closed = new ClosedTcpAddresses(10_000, 100);
        closed.closed(CAMERA, 0);
        closed.reopened(CAMERA);
        assertThat(closed.contains(CAMERA)).as("connected again").isFalse();
        closed.closed(CAMERA, 5_000);
        closed.sweep(10_001);
        assertThat(closed.contains(CAMERA))
                .as("the first close's time passed, not the second's")
                .isTrue();
        closed.sweep(15_001);
        assertThat(closed.contains(CAMERA)).isFalse();
    }

    @Test
    void pastItsCapacityTheOldestIsForgottenFirst() {
        ClosedTcpAddresses closed = new ClosedTcpAddresses(60_000, 2);
        closed.closed(CAMERA, 0);
        closed.closed(OTHER, 1);
        closed.closed(new InetSocketAddress("198.51.100.22", 40001), 2);
        assertThat(closed.contains(CAMERA)).isFalse();
        assertThat(closed.contains(OTHER)).isTrue();
        assertThat(closed.size()).isEqualTo(2);
    }
}
