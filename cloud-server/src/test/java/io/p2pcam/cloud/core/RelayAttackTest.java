package io.p2pcam.cloud.core;

import static io.p2pcam.cloud.core.InMemoryNetwork.CLOUD;
import static io.p2pcam.cloud.core.InMemoryNetwork.address;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.CameraRegistrationEvent;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectRequest;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectResult;
import io.p2pcam.protocol.cloud.ConnectAttemptEvent;
import io.p2pcam.protocol.cloud.RelayFrame;
import io.p2pcam.protocol.cloud.RelayGrant;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Attacks on the relay (issue 13 §2), each against the real core: the cloud brokers a real connect
 * between a simulated camera and viewer, then the test plays the sides and the attacker.
 */
class RelayAttackTest {
    private static final int ROUNDS = 10_000;

    private final InMemoryNetwork network =
            new InMemoryNetwork(CloudConfig.defaults().withRelay(RelayLimits.on()));
    private final InetSocketAddress cameraAddress = address("198.51.100.20", 40001);
    private InetSocketAddress viewerAddress = address("192.0.2.30", 41000);
    private final InetSocketAddress attacker = address("198.51.100.66", 50000);
    private final InetSocketAddress victim = address("192.0.2.99", 443);
    private RelaySide camera;
    private RelaySide viewer;
    private RelayGrant viewerGrant;
    private final List<Transmit> sent = new ArrayList<>();

    /** Brokers a connect with the relay on; the sides get their grants as real clients do. */
    private void acceptedSession() {
        SimulatedCamera simulated =
                new SimulatedCamera(network, cameraAddress, List.of(Candidate.local(address("10.0.0.2", 1))));
        SimulatedViewer simulatedViewer = new SimulatedViewer(network, viewerAddress);
        ConnectAttemptEvent.Accepted accepted =
                (ConnectAttemptEvent.Accepted) simulatedViewer.connect(simulated.identity.id());
        RelayGrant cameraGrant = simulated.events.stream()
                .filter(e -> e instanceof CameraRegistrationEvent.ConnectForwarded)
                .map(e -> ((CameraRegistrationEvent.ConnectForwarded) e).relay())
                .reduce((a, b) -> b)
                .orElseThrow();
        assertThat(accepted.relay().present()).isTrue();
        assertThat(accepted.relay().ticket()).isEqualTo(cameraGrant.ticket());
        assertThat(accepted.relay().key()).as("one key per direction").isNotEqualTo(cameraGrant.key());
        camera = new RelaySide(CLOUD, cameraGrant, RelayFrame.FROM_CAMERA);
        viewer = new RelaySide(CLOUD, accepted.relay(), RelayFrame.FROM_VIEWER);
        viewerGrant = accepted.relay();
    }

    /** Sends a datagram and returns where the cloud forwarded it (a datagram of the same size), or null. */
    private InetSocketAddress forward(byte[] datagram, InetSocketAddress from) {
        network.cloud.handleDatagram(datagram, 0, datagram.length, from, network.now);
        InetSocketAddress to = null;
        for (Transmit t = network.cloud.pollTransmit(); t != null; t = network.cloud.pollTransmit()) {
            sent.add(t);
            if (t.data().length == datagram.length) {
                to = t.to();
            }
        }
        return to;
    }

    /**
     * Feeds the cloud, then plays the network: whatever the cloud sends to its own address comes
     * back to it. Returns how many datagrams the cloud sent to itself (bounded by {@link #ROUNDS}).
     */
    private int sendAndCountSelfDeliveries(byte[] datagram, InetSocketAddress from) {
        network.cloud.handleDatagram(datagram, 0, datagram.length, from, network.now);
        int toSelf = 0;
        for (Transmit t = network.cloud.pollTransmit();
                t != null && toSelf < ROUNDS;
                t = network.cloud.pollTransmit()) {
            if (t.to().equals(CLOUD)) {
                toSelf++;
                network.cloud.handleDatagram(t.data(), 0, t.data().length, CLOUD, network.now);
            }
        }
        return toSelf;
    }

    @Test
    void aFrameSpoofedFromTheCloudsOwnAddressDoesNotMakeTheCloudRelayToItself() {
        acceptedSession();
        // The worst case: the viewer itself, holding its key, spoofs the cloud's address.
        int toSelf = sendAndCountSelfDeliveries(viewer.frame(), CLOUD)
                + sendAndCountSelfDeliveries(camera.frame(), cameraAddress);
        assertThat(toSelf).as("datagrams the cloud relayed to itself").isZero();
        assertThat(network.events.drops(DropReason.RELAY_FORBIDDEN_ADDRESS)).isOne();
    }

    @Test
    void aTicketSeenOnTheWireDoesNotLetAStrangerTakeOverTheViewersSide() {
        acceptedSession();
        byte[] seen = viewer.frame();
        assertThat(forward(seen, viewerAddress)).isEqualTo(cameraAddress);

        assertThat(forward(seen, attacker))
                .as("the frame replayed from elsewhere")
                .isNull();
        byte[] forged = seen.clone();
        forged[forged.length - 20] ^= 1; // a frame of the stranger's own: the tag cannot match
        forged[RelayFrame.HEADER_BYTES + 13]++; // with a fresh counter
        assertThat(forward(forged, attacker))
                .as("a frame made with the ticket alone")
                .isNull();
        assertThat(forward(camera.frame(), cameraAddress))
                .as("the camera's stream after a stranger sent frames with the ticket")
                .isEqualTo(viewerAddress);
        assertThat(network.events.drops(DropReason.RELAY_REPLAY)).isOne();
        assertThat(network.events.drops(DropReason.RELAY_BAD_TAG)).isOne();
    }

    @Test
    void aFrameSpoofedFromAVictimDoesNotReflectTheCamerasStreamToIt() {
        acceptedSession();
        assertThat(forward(viewer.frame(), viewerAddress)).isEqualTo(cameraAddress);
        // Even the viewer, which holds its key, cannot point the camera's stream at a victim.
        assertThat(forward(viewer.frame(), victim))
                .as("forwarded: it is authentic")
                .isEqualTo(cameraAddress);
        for (int i = 0; i < 100; i++) {
            forward(viewer.frame(), victim);
            assertThat(forward(camera.frame(1100), cameraAddress)).isEqualTo(viewerAddress);
        }
        List<Transmit> toVictim =
                sent.stream().filter(t -> t.to().equals(victim)).toList();
        assertThat(toVictim)
                .as("only a 20-byte challenge, at most one per %d ms", RelayTable.CHALLENGE_INTERVAL_MILLIS)
                .hasSize(1)
                .allSatisfy(t -> assertThat(t.data()).hasSize(RelayFrame.CHALLENGE_BYTES));
    }

    @Test
    void aConnectRequestSpoofedFromAVictimDoesNotLetTheCameraStreamToIt() {
        // The attacker owns the camera and spoofs the viewer's CONNECT_REQUEST from the victim's
        // address: the victim gets the result (and the viewer's key) and ignores it. Before the
        // fix the relay forwarded the camera's frames to the request's source, never proven.
        viewerAddress = victim;
        acceptedSession();
        long relayedToVictim = 0;
        for (int i = 0; i < 1000; i++) {
            if (victim.equals(forward(camera.frame(1200), cameraAddress))) {
                relayedToVictim++;
            }
        }
        assertThat(relayedToVictim).as("camera frames relayed to the victim").isZero();
        assertThat(network.events.drops(DropReason.RELAY_UNPROVEN_SIDE)).isEqualTo(1000);
    }

    @Test
    void aSessionWhoseViewerNeverProvedItselfEndsAfterTheIdleTimeThoughTheCameraKeepsSending() {
        viewerAddress = victim;
        acceptedSession();
        long idle = RelayLimits.on().idle().toMillis();
        for (long t = 0; t <= 2 * idle; t += 1000) {
            forward(camera.frame(), cameraAddress);
            network.advance(1000);
        }
        assertThat(network.cloud.relaySessions())
                .as("the victim's source holds no relay session")
                .isZero();
    }

    @Test
    void theViewersFirstAuthenticFrameProvesItReceivesAtItsAddress() {
        acceptedSession();
        assertThat(forward(camera.frame(), cameraAddress))
                .as("before the viewer sent")
                .isNull();
        assertThat(forward(viewer.frame(), viewerAddress)).isEqualTo(cameraAddress);
        assertThat(forward(camera.frame(), cameraAddress)).isEqualTo(viewerAddress);
    }

    @Test
    void aSideThatFellSilentForTheIdleTimeNoLongerReceivesTheOthersFrames() {
        // Consent freshness (RFC 7675): a side that left (its address may be someone else's by now)
        // stops receiving, however long the other side goes on sending.
        acceptedSession();
        forward(viewer.frame(), viewerAddress);
        long idle = RelayLimits.on().idle().toMillis();
        long start = network.now;
        while (network.now - start <= idle) {
            assertThat(forward(camera.frame(), cameraAddress)).isEqualTo(viewerAddress);
            network.now += 1000;
        }
        assertThat(forward(camera.frame(), cameraAddress))
                .as("%d ms after the viewer last sent", network.now - start)
                .isNull();
        assertThat(forward(viewer.frame(), viewerAddress))
                .as("the viewer is back")
                .isEqualTo(cameraAddress);
        assertThat(forward(camera.frame(), cameraAddress)).isEqualTo(viewerAddress);
    }

    @Test
    void aRetransmissionSmallerThanTheFirstRequestGetsNoLargerResultBack() {
        // Spoofed from the victim: a request padded to 732 bytes, so the accepted result carries
        // the relay grant (712 bytes); then copies of 700 bytes, the least a request may be.
        // The camera (the attacker's) answers with the largest answer: an IPv6 address, 7 IPv6
        // candidates and a 512-byte handshake, 712 bytes of result with the grant.
        List<Candidate> locals = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            locals.add(Candidate.local(address("2001:db8:5::" + i, 40000)));
        }
        SimulatedCamera simulated = new SimulatedCamera(network, address("2001:db8:5::1", 40001), locals);
        simulated.acceptForwards = null;
        byte[] request =
                CloudCodec.encode(new ConnectRequest(77, simulated.identity.id(), List.of(), Bytes.of(new byte[512])));
        byte[] padded = Arrays.copyOf(request, 732);
        network.sendToCloud(victim, padded);
        CameraRegistrationEvent.ConnectForwarded forward = simulated.events.stream()
                .filter(e -> e instanceof CameraRegistrationEvent.ConnectForwarded)
                .map(e -> (CameraRegistrationEvent.ConnectForwarded) e)
                .findFirst()
                .orElseThrow();
        simulated.registration.answer(forward.forwardId(), true, locals, Bytes.of(new byte[512]));
        simulated.flush();
        assertThat(network.toStrangers)
                .singleElement()
                .satisfies(d -> assertThat(((ConnectResult) d.message()).relay().present())
                        .isTrue());
        int largest = 0;
        for (int i = 0; i < 10; i++) {
            network.cloud.handleDatagram(request, 0, request.length, victim, network.now);
            for (Transmit t = network.cloud.pollTransmit(); t != null; t = network.cloud.pollTransmit()) {
                largest = Math.max(largest, t.data().length);
            }
        }
        assertThat(largest)
                .as("the largest answer to a %d-byte retransmission", request.length)
                .isLessThanOrEqualTo(request.length);
    }

    @Test
    void aViewerCannotSendAsTheCamera() {
        acceptedSession();
        RelaySide viewerPosingAsCamera = new RelaySide(CLOUD, viewerGrant, RelayFrame.FROM_CAMERA);
        assertThat(forward(viewerPosingAsCamera.frame(), viewerAddress))
                .as("a camera-direction frame signed with the viewer's key")
                .isNull();
        assertThat(network.events.drops(DropReason.RELAY_BAD_TAG)).isOne();
        assertThat(forward(viewer.frame(), viewerAddress)).isEqualTo(cameraAddress);
    }

    @Test
    void aTwoMegabitStreamIsRelayedForThreeHoursAndMore() {
        acceptedSession();
        long start = network.now;
        int perSecond = 2_000_000 / 8 / 1228; // 2 Mbit/s in the largest frames
        long refused = 0;
        for (int second = 0; second < 3 * 3600; second++) {
            network.now = start + second * 1000L;
            if (second % 10 == 0) {
                forward(viewer.frame(), viewerAddress); // feedback
            }
            for (int i = 0; i < perSecond; i++) {
                if (forward(camera.frame(1200), cameraAddress) == null) {
                    refused++;
                }
            }
            sent.clear();
        }
        assertThat(refused).as("frames refused in three hours").isZero();
    }

    @Test
    void aStreamAboveTheAverageRateIsHeldToItAfterTheWindow() {
        acceptedSession();
        long start = network.now;
        long relayed = 0;
        int perSecond = 3_000_000 / 1228; // 24 Mbit/s: under the peak, three times the average
        for (int second = 0; second < 120; second++) {
            network.now = start + second * 1000L;
            forward(viewer.frame(31), viewerAddress); // the viewer's keepalive: its consent
            for (int i = 0; i < perSecond; i++) {
                if (forward(camera.frame(1200), cameraAddress) != null) {
                    relayed += 1228;
                }
            }
            sent.clear();
        }
        RelayLimits limits = RelayLimits.on();
        long allowed =
                limits.averageBytesPerSecond() * (120 + limits.averageWindow().toSeconds());
        assertThat(relayed).isLessThanOrEqualTo(allowed).isGreaterThan(allowed * 9 / 10);
    }

    /** Relay grants real viewers get, each proving its address at once with a frame, as real viewers do (§10.3). */
    private int grantsFor(SimulatedCamera simulated, int viewers, IntFunction<InetSocketAddress> at) {
        return grantsFor(simulated, viewers, at, true);
    }

    private int grantsFor(SimulatedCamera simulated, int viewers, IntFunction<InetSocketAddress> at, boolean prove) {
        int grants = 0;
        for (int i = 0; i < viewers; i++) {
            SimulatedViewer one = new SimulatedViewer(network, at.apply(i));
            if (one.connect(simulated.identity.id()) instanceof ConnectAttemptEvent.Accepted accepted
                    && accepted.relay().present()) {
                grants++;
                if (prove) {
                    forward(new RelaySide(CLOUD, accepted.relay(), RelayFrame.FROM_VIEWER).frame(), at.apply(i));
                }
            }
            network.advance(100);
        }
        return grants;
    }

    @Test
    void oneViewerAddressCannotHoldMoreThanItsShareOfRelaySessions() {
        network.restartCloud(CloudConfig.defaults().withRelay(RelayLimits.on().withSessions(10_000, 1000, 16)));
        SimulatedCamera one = new SimulatedCamera(network, cameraAddress, List.of());
        assertThat(grantsFor(one, 200, i -> address("192.0.2.30", 42000 + i)))
                .as("relay sessions for one viewer address")
                .isEqualTo(16);
        assertThat(grantsFor(one, 1, i -> address("203.0.113.50", 42000)))
                .as("a viewer elsewhere still gets one")
                .isOne();
    }

    @Test
    void connectsForgedInAVictimsNameDoNotKeepItsViewerFromARelaySession() {
        network.restartCloud(CloudConfig.defaults().withRelay(RelayLimits.on().withSessions(10_000, 1000, 2)));
        SimulatedCamera accepting = new SimulatedCamera(network, cameraAddress, List.of());
        // The forger cannot receive at the victim's address, so its sessions never prove themselves.
        grantsFor(accepting, 10, i -> address("192.0.2.30", 43000 + i), false);
        assertThat(grantsFor(accepting, 1, i -> address("192.0.2.30", 42000)))
                .as("the victim's own viewer, after 10 connects forged in its name")
                .isOne();
        assertThat(network.cloud.relaySessions())
                .as("the forged sessions are held beside it")
                .isGreaterThan(1);
    }

    @Test
    void oneIpv6SiteCannotHoldMoreThanItsShareOfRelaySessionsThroughManySlash64s() {
        // 2 per /64 makes the shares 8 per /56 and 32 per /48 (x4, x16).
        network.restartCloud(CloudConfig.defaults().withRelay(RelayLimits.on().withSessions(10_000, 1000, 2)));
        SimulatedCamera one = new SimulatedCamera(network, cameraAddress, List.of());
        assertThat(grantsFor(one, 100, i -> address(String.format("2001:db8:1:%02x%02x::7", i / 25, i % 25), 42000)))
                .as("relay sessions of viewers in 100 /64s (4 /56s) of one /48")
                .isEqualTo(32);
        assertThat(grantsFor(one, 1, i -> address("2001:db8:2::7", 42000)))
                .as("a viewer of another site still gets one")
                .isOne();
    }

    @Test
    void oneCameraCannotHoldMoreThanItsShareOfRelaySessions() {
        network.restartCloud(CloudConfig.defaults().withRelay(RelayLimits.on().withSessions(10_000, 16, 1000)));
        SimulatedCamera busy = new SimulatedCamera(network, cameraAddress, List.of());
        assertThat(grantsFor(busy, 40, i -> address("192.0.2." + (i + 1), 42000)))
                .as("relay sessions of one camera")
                .isEqualTo(16);
        SimulatedCamera other = new SimulatedCamera(network, address("198.51.100.21", 40001), List.of());
        assertThat(grantsFor(other, 1, i -> address("192.0.2.200", 42000))).isOne();
    }

    @Test
    void aFloodOfConnectsForgedFromSourcesAcrossTheInternetDoesNotPushOutAnHonestViewersUnprovenSession() {
        // 64 sessions: a quarter (16) may be unproven at once.
        network.restartCloud(CloudConfig.defaults().withRelay(RelayLimits.on().withSessions(64, 16, 16)));
        SimulatedCamera honestCamera = new SimulatedCamera(network, cameraAddress, List.of());
        SimulatedViewer honest = new SimulatedViewer(network, viewerAddress);
        RelayGrant grant = ((ConnectAttemptEvent.Accepted) honest.connect(honestCamera.identity.id())).relay();
        assertThat(grant.present()).isTrue();
        // Before the honest viewer's first frame (a round trip later), the attacker's cameras, on
        // its one real address, accept 30 connects it forged from 30 addresses, one each: every
        // source stays far inside its own limits.
        SimulatedCamera[] attackers = {
            new SimulatedCamera(network, address("198.51.100.66", 50001), List.of()),
            new SimulatedCamera(network, address("198.51.100.66", 50002), List.of())
        };
        int forged = 0;
        for (int i = 0; i < 30; i++) {
            SimulatedViewer spoofed = new SimulatedViewer(network, address("203.0.113." + (i + 1), 44000));
            if (spoofed.connect(attackers[i % 2].identity.id()) instanceof ConnectAttemptEvent.Accepted accepted
                    && accepted.relay().present()) {
                forged++;
            }
        }
        assertThat(forged).as("forged connects that got a relay session").isGreaterThan(16);

        assertThat(forward(new RelaySide(CLOUD, grant, RelayFrame.FROM_VIEWER).frame(), viewerAddress))
                .as("the honest viewer's first frame, relayed to its camera")
                .isEqualTo(cameraAddress);
        assertThat(network.events.drops(DropReason.RELAY_UNKNOWN_TICKET)).isZero();
    }
}
