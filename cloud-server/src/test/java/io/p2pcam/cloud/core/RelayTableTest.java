package io.p2pcam.cloud.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.p2pcam.protocol.cloud.RelayFrame;
import io.p2pcam.protocol.identity.CameraId;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RelayTableTest {
    private static final InetSocketAddress CLOUD = new InetSocketAddress("203.0.113.1", 32100);
    private static final InetSocketAddress CAMERA = new InetSocketAddress("203.0.113.10", 40000);
    private static final InetSocketAddress CAMERA_REBOUND = new InetSocketAddress("203.0.113.10", 40999);
    private static final InetSocketAddress VIEWER = new InetSocketAddress("198.51.100.7", 41000);
    private static final InetSocketAddress VIEWER_REBOUND = new InetSocketAddress("198.51.100.7", 41999);
    private static final CameraId ID = CameraId.fromBytes(new byte[CameraId.BYTES]);
    private final List<DropReason> drops = new ArrayList<>();
    private final CloudEvents events = new CloudEvents() {
        @Override
        public void dropped(DropReason reason) {
            drops.add(reason);
        }
    };
    private final Outbox outbox = new Outbox(events);
    private RelaySide camera;
    private RelaySide viewer;

    private RelayTable openTable(RelayLimits limits) {
        RelayTable table = new RelayTable(limits, new SplittableRandom(1), events, CLOUD::equals, outbox);
        RelayTable.Offer offer = table.offer(ID, VIEWER);
        assertThat(table.open(offer, ID, udp(CAMERA), udp(VIEWER), 0)).isTrue();
        camera = new RelaySide(CLOUD, offer.cameraGrant(), RelayFrame.FROM_CAMERA);
        viewer = new RelaySide(CLOUD, offer.viewerGrant(), RelayFrame.FROM_VIEWER);
        return table;
    }

    /** Everything the table sent for one datagram. */
    private List<Transmit> handle(RelayTable table, byte[] datagram, InetSocketAddress from, long now) {
        return handle(table, datagram, from, Lane.UDP, now);
    }

    /** Everything the table sent for one datagram that came over {@code lane}. */
    private List<Transmit> handle(RelayTable table, byte[] datagram, InetSocketAddress from, Lane lane, long now) {
        table.handle(datagram, 0, datagram.length, from, lane, now);
        List<Transmit> out = new ArrayList<>();
        for (Transmit t = outbox.poll(); t != null; t = outbox.poll()) {
            out.add(t);
        }
        return out;
    }

    private InetSocketAddress forwardedTo(RelayTable table, byte[] frame, InetSocketAddress from, long now) {
        return handle(table, frame, from, now).stream()
                .filter(t -> t.data().length == frame.length)
                .map(Transmit::to)
                .findFirst()
                .orElse(null);
    }

    private static byte[] sentTo(List<Transmit> out, InetSocketAddress to) {
        return out.stream()
                .filter(t -> t.to().equals(to))
                .findFirst()
                .orElseThrow()
                .data();
    }

    @Test
    void framesCrossBetweenTheTwoSidesUnchanged() {
        RelayTable table = openTable(RelayLimits.on());
        assertThat(forwardedTo(table, viewer.frame(), VIEWER, 1)).isEqualTo(CAMERA);
        byte[] frame = camera.frame();
        List<Transmit> out = handle(table, frame, CAMERA, 2);
        assertThat(out).singleElement().satisfies(t -> {
            assertThat(t.to()).isEqualTo(VIEWER);
            assertThat(t.data()).isEqualTo(frame);
        });
        assertThat(drops).isEmpty();
    }

    @Test
    void aRebindingSideIsFollowedOnceItAnswersTheChallengeAtItsNewAddress() {
        RelayTable table = openTable(RelayLimits.on());
        assertThat(forwardedTo(table, viewer.frame(), VIEWER, 0)).isEqualTo(CAMERA);
        List<Transmit> out = handle(table, camera.frame(), CAMERA_REBOUND, 1);
        assertThat(out).extracting(Transmit::to).containsExactlyInAnyOrder(VIEWER, CAMERA_REBOUND);
        byte[] challenge = sentTo(out, CAMERA_REBOUND);
        assertThat(forwardedTo(table, viewer.frame(), VIEWER, 2))
                .as("not yet proven")
                .isEqualTo(CAMERA);

        byte[] response = camera.route.answer(challenge, 0, challenge.length);
        assertThat(response).hasSize(RelayFrame.RESPONSE_BYTES);
        assertThat(handle(table, response, CAMERA, 3))
                .as("answered from the old address")
                .isEmpty();
        assertThat(forwardedTo(table, viewer.frame(), VIEWER, 4)).isEqualTo(CAMERA);
        handle(table, response, CAMERA_REBOUND, 5);
        assertThat(forwardedTo(table, viewer.frame(), VIEWER, 6)).isEqualTo(CAMERA_REBOUND);
        assertThat(viewer.route.answer(challenge, 0, challenge.length))
                .as("a response under the other side's key")
                .isNotNull()
                .satisfies(wrongKey ->
                        assertThat(handle(table, wrongKey, CAMERA_REBOUND, 7)).isEmpty());
    }

    @Test
    void aSideIsSentToOverTheLaneItProvedItsAddressOnAndChallengedWhenHeardOverTheOther() {
        RelayTable table = new RelayTable(RelayLimits.on(), new SplittableRandom(1), events, CLOUD::equals, outbox);
        RelayTable.Offer offer = table.offer(ID, VIEWER);
        assertThat(table.open(offer, ID, ClientAddress.tcp(CAMERA), udp(VIEWER), 0))
                .isTrue();
        camera = new RelaySide(CLOUD, offer.cameraGrant(), RelayFrame.FROM_CAMERA);
        viewer = new RelaySide(CLOUD, offer.viewerGrant(), RelayFrame.FROM_VIEWER);
        assertThat(handle(table, viewer.frame(), VIEWER, Lane.UDP, 1))
                .as("to the camera, over the lane it registered on")
                .extracting(Transmit::to, Transmit::lane)
                .containsExactly(tuple(CAMERA, Lane.TCP));

        // The camera's address and port over UDP: maybe the camera, maybe another host behind its NAT.
        List<Transmit> out = handle(table, camera.frame(), CAMERA, Lane.UDP, 2);
        assertThat(out)
                .as("the frame on to the viewer, and a challenge back over the lane the frame came on")
                .extracting(Transmit::to, Transmit::lane)
                .containsExactlyInAnyOrder(tuple(VIEWER, Lane.UDP), tuple(CAMERA, Lane.UDP));
        byte[] challenge = sentTo(out, CAMERA);
        assertThat(handle(table, viewer.frame(), VIEWER, Lane.UDP, 3))
                .as("not yet proven over UDP")
                .extracting(Transmit::to, Transmit::lane)
                .containsExactly(tuple(CAMERA, Lane.TCP));

        byte[] response = camera.route.answer(challenge, 0, challenge.length);
        assertThat(handle(table, response, CAMERA, Lane.TCP, 4))
                .as("answered over the other lane")
                .isEmpty();
        assertThat(handle(table, viewer.frame(), VIEWER, Lane.UDP, 5))
                .extracting(Transmit::to, Transmit::lane)
                .containsExactly(tuple(CAMERA, Lane.TCP));
        handle(table, response, CAMERA, Lane.UDP, 6);
        assertThat(handle(table, viewer.frame(), VIEWER, Lane.UDP, 7))
                .as("the camera proved it receives there over UDP")
                .extracting(Transmit::to, Transmit::lane)
                .containsExactly(tuple(CAMERA, Lane.UDP));
    }

    @Test
    void anUnknownTicketAndAnIdleSessionAreDropped() {
        RelayTable table = new RelayTable(RelayLimits.on(), new SplittableRandom(1), events, CLOUD::equals, outbox);
        RelayTable.Offer offer = table.offer(ID, VIEWER);
        camera = new RelaySide(CLOUD, offer.cameraGrant(), RelayFrame.FROM_CAMERA);
        assertThat(forwardedTo(table, camera.frame(), CAMERA, 0))
                .as("offered, never accepted")
                .isNull();
        table.open(offer, ID, udp(CAMERA), udp(VIEWER), 0);
        viewer = new RelaySide(CLOUD, offer.viewerGrant(), RelayFrame.FROM_VIEWER);
        assertThat(forwardedTo(table, viewer.frame(), VIEWER, 0)).isEqualTo(CAMERA);
        table.expire(30_000);
        assertThat(table.size()).isOne();
        table.expire(30_001);
        assertThat(table.size()).isZero();
        assertThat(forwardedTo(table, camera.frame(), CAMERA, 30_002)).isNull();
        assertThat(drops).containsExactly(DropReason.RELAY_UNKNOWN_TICKET, DropReason.RELAY_UNKNOWN_TICKET);
    }

    @Test
    void aSessionIsHeldToItsPeakRateAndItsAverageRate() {
        RelayLimits limits =
                new RelayLimits(true, 10_000, 2_000, Duration.ofSeconds(5), Duration.ofSeconds(30), 10, 10, 10);
        RelayTable table = openTable(limits);
        // The viewer sends a frame of 59 bytes (a 31-byte session packet) every 10 s: its consent.
        assertThat(forwardedTo(table, viewer.frame(31), VIEWER, 0)).isEqualTo(CAMERA);
        int sent = 0;
        for (int i = 0; i < 20; i++) { // 20 kB at once: one second's worth of the peak (10 kB) passes
            if (forwardedTo(table, camera.frame(972), CAMERA, 0) != null) {
                sent++;
            }
        }
        assertThat(sent).as("1000-byte frames after the viewer's 59").isEqualTo(9);
        assertThat(drops).containsOnly(DropReason.RELAY_RATE).hasSize(11);
        sent = 0;
        for (long t = 1_000; t <= 60_000; t += 100) { // 10 kB/s offered: the average (2 kB/s) and its window pass
            if (t % 10_000 == 0) {
                forwardedTo(table, viewer.frame(31), VIEWER, t);
            }
            if (forwardedTo(table, camera.frame(972), CAMERA, t) != null) {
                sent++;
            }
        }
        // 10 kB of the average window were spent above, so 59 s at 2 kB/s carry about 118 kB.
        assertThat(sent).isBetween(110, 120);
    }

    @Test
    void theViewerGetsNothingUntilItSendsAndNothingOnceItFellSilentForTheIdleTime() {
        RelayTable table = openTable(RelayLimits.on());
        assertThat(forwardedTo(table, camera.frame(), CAMERA, 1))
                .as("the viewer's address is a request's source: unproven")
                .isNull();
        assertThat(forwardedTo(table, viewer.frame(), VIEWER, 2)).isEqualTo(CAMERA);
        assertThat(forwardedTo(table, camera.frame(), CAMERA, 30_002)).isEqualTo(VIEWER);
        assertThat(forwardedTo(table, camera.frame(), CAMERA, 30_003))
                .as("30 s and more after the viewer last sent")
                .isNull();
        assertThat(drops).containsExactly(DropReason.RELAY_UNPROVEN_SIDE, DropReason.RELAY_UNPROVEN_SIDE);
        table.expire(60_003);
        assertThat(table.size()).as("the camera alone kept nothing going").isZero();
    }

    @Test
    void aSideThatAnsweredAChallengeConsentsAtItsNewAddress() {
        RelayTable table = openTable(RelayLimits.on());
        List<Transmit> out = handle(table, viewer.frame(), VIEWER_REBOUND, 1);
        byte[] challenge = sentTo(out, VIEWER_REBOUND);
        assertThat(forwardedTo(table, camera.frame(), CAMERA, 2))
                .as("a frame from elsewhere proves nothing about the viewer's address")
                .isNull();
        handle(table, viewer.route.answer(challenge, 0, challenge.length), VIEWER_REBOUND, 3);
        assertThat(forwardedTo(table, camera.frame(), CAMERA, 4)).isEqualTo(VIEWER_REBOUND);
    }

    @Test
    void theRelayOffOrFullIssuesNoOffers() {
        assertThat(new RelayTable(RelayLimits.OFF, new SplittableRandom(1), events, CLOUD::equals, outbox)
                        .offer(ID, VIEWER))
                .isNull();
        RelayTable one = openTable(RelayLimits.on().withSessions(1, 1, 1));
        assertThat(one.offer(CameraId.fromBytes(new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}), CLOUD))
                .isNull();
    }

    @Test
    void neverTheCloudItselfNorAnAddressNoSingleHostAnswersAt() {
        RelayTable table = openTable(RelayLimits.on());
        assertThat(table.relayable(CLOUD)).isFalse();
        assertThat(table.relayable(new InetSocketAddress("0.0.0.0", 5000))).isFalse();
        assertThat(table.relayable(new InetSocketAddress("224.0.0.1", 5000))).isFalse();
        assertThat(table.relayable(new InetSocketAddress("255.255.255.255", 5000)))
                .isFalse();
        assertThat(table.relayable(new InetSocketAddress("ff02::1", 5000))).isFalse();
        assertThat(table.relayable(new InetSocketAddress("198.51.100.7", 0))).isFalse();
        assertThat(table.relayable(VIEWER)).isTrue();
        assertThat(table.offer(ID, CLOUD))
                .as("a connect from the cloud's own address")
                .isNull();
    }

    private RelayTable.Offer openFor(RelayTable table, InetSocketAddress from, long now) {
        RelayTable.Offer offer = table.offer(ID, from);
        return offer != null && table.open(offer, ID, udp(CAMERA), udp(from), now) ? offer : null;
    }

    @Test
    void connectsForgedInAVictimsNameDoNotTakeItsRelayShareFromItsHonestViewer() {
        RelayTable table = new RelayTable(
                RelayLimits.on().withSessions(10_000, 1000, 2), new SplittableRandom(1), events, CLOUD::equals, outbox);
        for (int i = 0; i < 10; i++) {
            assertThat(openFor(table, new InetSocketAddress("198.51.100.7", 42000 + i), 0))
                    .as("forged connect %d", i)
                    .isNotNull();
        }
        RelayTable.Offer honest = openFor(table, VIEWER, 1);
        assertThat(honest).as("the honest viewer's relay session").isNotNull();
        RelaySide side = new RelaySide(CLOUD, honest.viewerGrant(), RelayFrame.FROM_VIEWER);
        handle(table, side.frame(), VIEWER, 2);
        assertThat(table.size()).as("the forged sessions held beside it").isGreaterThan(1);
    }

    private void prove(RelayTable table, RelayTable.Offer offer, InetSocketAddress from, long now) {
        handle(table, new RelaySide(CLOUD, offer.viewerGrant(), RelayFrame.FROM_VIEWER).frame(), from, now);
    }

    @Test
    void aProvenViewerCountsAgainstItsPartysShareAndOneProvenOverItIsClosed() {
        RelayTable table = new RelayTable(
                RelayLimits.on().withSessions(10_000, 1000, 2), new SplittableRandom(1), events, CLOUD::equals, outbox);
        InetSocketAddress third = new InetSocketAddress("198.51.100.7", 41500);
        RelayTable.Offer first = openFor(table, VIEWER, 0);
        RelayTable.Offer second = openFor(table, VIEWER_REBOUND, 0);
        prove(table, first, VIEWER, 1);
        RelayTable.Offer late = openFor(table, third, 2);
        assertThat(late).as("one proven of two leaves room").isNotNull();
        prove(table, second, VIEWER_REBOUND, 3);
        assertThat(table.offer(ID, VIEWER))
                .as("the party's share is held by proven sessions")
                .isNull();
        assertThat(drops).isEmpty();
        prove(table, late, third, 4);
        assertThat(drops).containsExactly(DropReason.RELAY_VIEWER_OVER_QUOTA);
        assertThat(table.size())
                .as("the third closed when it proved itself over the share")
                .isEqualTo(2);
        prove(table, late, third, 5);
        assertThat(drops).endsWith(DropReason.RELAY_UNKNOWN_TICKET);
    }

    @Test
    void aSessionWhoseViewerNeverProvesItselfIsForgottenSoonerThanAnIdleOne() {
        RelayTable table = openTable(RelayLimits.on());
        table.expire(RelayTable.UNPROVEN_MILLIS + 1);
        assertThat(table.size()).isZero();
        RelayTable proven = openTable(RelayLimits.on());
        handle(proven, viewer.frame(), VIEWER, 1);
        proven.expire(RelayTable.UNPROVEN_MILLIS + 2);
        assertThat(proven.size()).isOne();
    }

    @Test
    void sessionsNoViewerProvedTakeAtMostAQuarterOfTheRelay() {
        RelayTable table = new RelayTable(
                RelayLimits.on().withSessions(8, 1000, 1000), new SplittableRandom(1), events, CLOUD::equals, outbox);
        RelayTable.Offer proven = openFor(table, VIEWER, 0);
        handle(table, new RelaySide(CLOUD, proven.viewerGrant(), RelayFrame.FROM_VIEWER).frame(), VIEWER, 1);
        for (int i = 0; i < 20; i++) {
            assertThat(openFor(table, new InetSocketAddress("192.0.2." + (i + 1), 42000), 2))
                    .isNotNull();
        }
        assertThat(table.size()).as("one proven and a quarter of 8 unproven").isEqualTo(3);
    }

    @Test
    void unprovenSessionsOfOneCameraSiteDisplaceEachOtherNotAnHonestViewersOfACameraElsewhere() {
        RelayTable table = new RelayTable(
                RelayLimits.on().withSessions(64, 1000, 1000), new SplittableRandom(1), events, CLOUD::equals, outbox);
        RelayTable.Offer honest = table.offer(ID, VIEWER);
        assertThat(table.open(honest, ID, udp(CAMERA), udp(VIEWER), 0)).isTrue();
        // 100 cameras of one forger's address accept connects forged from 100 addresses.
        InetSocketAddress forgersCameras = new InetSocketAddress("192.0.2.66", 40000);
        for (int i = 0; i < 100; i++) {
            byte[] id = new byte[CameraId.BYTES];
            id[0] = (byte) (i + 1);
            CameraId forgers = CameraId.fromBytes(id);
            InetSocketAddress forged = new InetSocketAddress("100.64." + i / 200 + "." + i % 200, 41000);
            RelayTable.Offer offer = table.offer(forgers, forged);
            assertThat(table.open(offer, forgers, udp(forgersCameras), udp(forged), 1))
                    .isTrue();
        }
        assertThat(table.size()).as("a quarter of 64 unproven").isEqualTo(16);
        prove(table, honest, VIEWER, 2);
        assertThat(drops).as("the honest viewer's session was still there").isEmpty();
        assertThat(table.size()).isEqualTo(16);
    }

    private static ClientAddress udp(InetSocketAddress address) {
        return ClientAddress.udp(address);
    }
}
