package io.p2pcam.cloud.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.RelayFrame;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RelayTableTest {
    private static final InetSocketAddress CAMERA = new InetSocketAddress("203.0.113.10", 40000);
    private static final InetSocketAddress CAMERA_REBOUND = new InetSocketAddress("203.0.113.10", 40999);
    private static final InetSocketAddress VIEWER = new InetSocketAddress("198.51.100.7", 41000);
    private final List<DropReason> drops = new ArrayList<>();
    private final CloudEvents events = new CloudEvents() {
        @Override
        public void dropped(DropReason reason) {
            drops.add(reason);
        }
    };

    private static byte[] frame(int type, long ticket, int sessionBytes) {
        byte[] packet = new byte[sessionBytes];
        packet[0] = 0x53;
        return RelayFrame.wrap(type, ticket, packet);
    }

    private InetSocketAddress route(RelayTable table, byte[] frame, InetSocketAddress from, long now) {
        return table.route(frame, 0, frame.length, from, now);
    }

    @Test
    void framesCrossBetweenTheTwoSidesAndFollowARebindingSide() {
        RelayTable table = new RelayTable(RelayLimits.on(), new SplittableRandom(1), events, OwnAddresses.NONE);
        long ticket = table.newTicket();
        table.open(ticket, CAMERA, VIEWER, 0);

        assertThat(route(table, frame(RelayFrame.FROM_CAMERA, ticket, 100), CAMERA, 1))
                .isEqualTo(VIEWER);
        assertThat(route(table, frame(RelayFrame.FROM_VIEWER, ticket, 100), VIEWER, 2))
                .isEqualTo(CAMERA);
        assertThat(route(table, frame(RelayFrame.FROM_CAMERA, ticket, 100), CAMERA_REBOUND, 3))
                .isEqualTo(VIEWER);
        assertThat(route(table, frame(RelayFrame.FROM_VIEWER, ticket, 100), VIEWER, 4))
                .isEqualTo(CAMERA_REBOUND);
        assertThat(drops).isEmpty();
    }

    @Test
    void anUnknownTicketAndAnIdleSessionAreDropped() {
        RelayTable table = new RelayTable(RelayLimits.on(), new SplittableRandom(1), events, OwnAddresses.NONE);
        long ticket = table.newTicket();
        assertThat(route(table, frame(RelayFrame.FROM_CAMERA, ticket, 100), CAMERA, 0))
                .as("issued, never accepted")
                .isNull();
        table.open(ticket, CAMERA, VIEWER, 0);
        table.expire(30_000);
        assertThat(table.size()).isOne();
        table.expire(30_001);
        assertThat(table.size()).isZero();
        assertThat(route(table, frame(RelayFrame.FROM_CAMERA, ticket, 100), CAMERA, 30_002))
                .isNull();
        assertThat(drops).containsExactly(DropReason.RELAY_UNKNOWN_TICKET, DropReason.RELAY_UNKNOWN_TICKET);
    }

    @Test
    void aSessionIsHeldToItsBandwidthAndItsByteCap() {
        RelayLimits limits = new RelayLimits(true, 25_000, 10_000, Duration.ofSeconds(30), 10);
        RelayTable table = new RelayTable(limits, new SplittableRandom(1), events, OwnAddresses.NONE);
        long ticket = table.newTicket();
        table.open(ticket, CAMERA, VIEWER, 0);
        int sent = 0;
        for (int i = 0; i < 20; i++) { // 20 kB at once: one second's worth (10 kB) passes
            if (route(table, frame(RelayFrame.FROM_CAMERA, ticket, 988), CAMERA, 0) != null) {
                sent++;
            }
        }
        assertThat(sent).isEqualTo(10);
        assertThat(drops).containsOnly(DropReason.RELAY_RATE).hasSize(10);
        drops.clear();
        sent = 0;
        for (long t = 1_000; t <= 5_000; t += 100) { // 1 kB per 100 ms = the rate, until 25 kB in all
            if (route(table, frame(RelayFrame.FROM_CAMERA, ticket, 988), CAMERA, t) != null) {
                sent++;
            }
        }
        assertThat(sent).isEqualTo(15);
        assertThat(drops).containsOnly(DropReason.RELAY_QUOTA);
    }

    @Test
    void theRelayOffOrFullIssuesNoTickets() {
        assertThat(new RelayTable(RelayLimits.OFF, new SplittableRandom(1), events, OwnAddresses.NONE).newTicket())
                .isZero();
        RelayTable one = new RelayTable(
                new RelayLimits(true, 1000, 1000, Duration.ofSeconds(1), 1),
                new SplittableRandom(1),
                events,
                OwnAddresses.NONE);
        one.open(one.newTicket(), CAMERA, VIEWER, 0);
        assertThat(one.newTicket()).isZero();
    }
}
