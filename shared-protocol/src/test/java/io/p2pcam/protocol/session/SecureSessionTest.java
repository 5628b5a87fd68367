package io.p2pcam.protocol.session;

import static io.p2pcam.protocol.testing.Addresses.address;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.RelayFrame;
import io.p2pcam.protocol.cloud.RelayGrant;
import io.p2pcam.protocol.cloud.RelayKey;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.noise.KeyPair;
import io.p2pcam.protocol.pairing.PairingStore;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.pairing.Tai64n;
import io.p2pcam.protocol.pairing.UnpairedBudget;
import io.p2pcam.protocol.session.SessionHello.CameraWelcome;
import io.p2pcam.protocol.session.SessionHello.Verdict;
import io.p2pcam.protocol.session.SessionHello.ViewerHello;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class SecureSessionTest {
    private static final RelayGrant CAMERA_GRANT = new RelayGrant(77, Bytes.of(new byte[16]));
    private static final RelayGrant VIEWER_GRANT =
            new RelayGrant(77, Bytes.of("viewer's 16 bytes".getBytes(StandardCharsets.US_ASCII), 0, 16));

    private static final InetSocketAddress CAMERA_LAN = address("198.18.0.10", 40000);
    private static final InetSocketAddress CAMERA_PUBLIC = address("203.0.113.10", 50000);
    private static final InetSocketAddress VIEWER_PUBLIC = address("198.51.100.7", 41000);
    private static final InetSocketAddress UNREACHABLE = address("198.18.99.99", 40000);
    private static final InetSocketAddress RELAY = address("198.51.100.1", 32100);
    private static final InetSocketAddress ATTACKER = address("192.0.2.66", 6666);
    private static final InetSocketAddress VIEWER_REBOUND = address("198.51.100.7", 41999);

    private long now = 0;
    private SecureSession camera;
    private SecureSession viewer;
    private final Map<InetSocketAddress, SecureSession> reachable = new HashMap<>();
    private final List<SessionEvent> cameraEvents = new ArrayList<>();
    private final List<SessionEvent> viewerEvents = new ArrayList<>();
    private Predicate<byte[]> network = packet -> true;
    private final List<byte[]> captured = new ArrayList<>();
    /** Whether packets between the peers' own addresses get through (false: only the relay works). */
    private boolean directOpen = true;

    private int relayed;
    /** The key-update limits both ends use; tests of key updates give small numbers. */
    private RekeyLimits rekey = RekeyLimits.DEFAULT;
    /** Where the viewer's packets come from (its NAT's mapping); a rebinding changes it. */
    private InetSocketAddress viewerAt = VIEWER_PUBLIC;
    /** While true, the viewer's packets are held here instead of delivered (an observer on its path). */
    private boolean holdViewerPackets;

    private final List<SecureSession.Transmit> heldFromViewer = new ArrayList<>();
    /** While true, what the relay would pass from the camera to the viewer is held here. */
    private boolean holdRelayedFromCamera;

    private final List<byte[]> heldRelayedFromCamera = new ArrayList<>();
    private final Map<InetSocketAddress, Integer> bytesSentTo = new HashMap<>();
    private final List<Long> viewerMediaAt = new ArrayList<>();

    /** Camera on a LAN address the viewer cannot reach, and a public one it can; viewer public only. */
    private void establish(List<Candidate> cameraCandidates) throws Exception {
        establish(cameraCandidates, false);
    }

    private void establish(List<Candidate> cameraCandidates, boolean withRelay) throws Exception {
        SecureRandom random = new SecureRandom();
        CameraIdentity identity = CameraIdentity.generate(random);
        FakeWallClock wall = new FakeWallClock();
        ViewerHandshake viewerSide = new ViewerHandshake(
                identity.id(),
                identity.publicKey(),
                KeyPair.generate(random),
                new ViewerHello(1, false, List.of(), Password.of("pw"), "v"),
                Tai64n.epochNanos(wall.instant()),
                random);
        PairingStore store =
                new PairingStore(identity.noiseStaticKey(), PairingStore.Snapshot.empty(), PairingStore.Journal.NONE);
        CameraHandshake.Answer answer = new CameraHandshake(
                        identity,
                        new CameraHandshake.Access(Password.of("pw"), store, UnpairedBudget.Limits.DEFAULTS, wall),
                        random,
                        now)
                .answer(
                        viewerSide.firstMessage(),
                        VIEWER_PUBLIC.getAddress(),
                        now,
                        hello -> new CameraWelcome(Verdict.ADMITTED, false, 2, 640, 360, 30, 0, List.of()));
        ViewerHandshake.Outcome outcome = viewerSide.finish(answer.secondMessage());
        camera = new SecureSession(
                answer.keys(),
                2,
                1,
                List.of(Candidate.reflexive(VIEWER_PUBLIC)),
                withRelay ? RelayFrame.Route.of(RELAY, CAMERA_GRANT, RelayFrame.FROM_CAMERA) : null,
                SessionTimers.DEFAULT,
                rekey,
                new SplittableRandom(1),
                now);
        viewer = new SecureSession(
                outcome.keys(),
                1,
                2,
                cameraCandidates,
                withRelay ? RelayFrame.Route.of(RELAY, VIEWER_GRANT, RelayFrame.FROM_VIEWER) : null,
                SessionTimers.DEFAULT,
                rekey,
                new SplittableRandom(2),
                now);
        reachable.put(CAMERA_PUBLIC, camera);
        reachable.put(VIEWER_PUBLIC, viewer);
        deliver();
    }

    private void deliver() {
        boolean moved = true;
        while (moved) {
            moved = false;
            moved |= route(camera, CAMERA_PUBLIC, cameraEvents);
            moved |= route(viewer, viewerAt, viewerEvents);
        }
    }

    private boolean route(SecureSession from, InetSocketAddress fromAddress, List<SessionEvent> events) {
        boolean moved = false;
        SecureSession.Transmit transmit;
        while ((transmit = from.pollTransmit()) != null) {
            moved = true;
            captured.add(transmit.data());
            bytesSentTo.merge(transmit.to(), transmit.data().length, Integer::sum);
            if (from == viewer && holdViewerPackets) {
                heldFromViewer.add(transmit);
                continue;
            }
            if (transmit.to().equals(RELAY)) {
                relay(from, transmit.data());
                continue;
            }
            SecureSession to = reachable.get(transmit.to());
            if (to != null && directOpen && network.test(transmit.data())) {
                to.handleDatagram(transmit.data(), 0, transmit.data().length, fromAddress, now);
            }
        }
        SessionEvent event;
        while ((event = from.pollEvent()) != null) {
            events.add(event);
            if (from == viewer && event instanceof SessionEvent.Media) {
                viewerMediaAt.add(now);
            }
        }
        return moved;
    }

    /** The cloud's relay as it behaves: a frame from one side goes, unchanged, to the other, from the relay's address. */
    private void relay(SecureSession from, byte[] frame) {
        assertThat(RelayFrame.isFrame(frame, 0, frame.length)).isTrue();
        assertThat(RelayFrame.ticket(frame, 0)).isEqualTo(77);
        boolean fromCamera = RelayFrame.type(frame, 0) == RelayFrame.FROM_CAMERA;
        assertThat(new RelayKey((fromCamera ? CAMERA_GRANT : VIEWER_GRANT).key()).verify(frame, 0, frame.length))
                .as("signed with its direction's key")
                .isTrue();
        SecureSession to = fromCamera ? viewer : camera;
        assertThat(to).isNotSameAs(from);
        if (fromCamera && holdRelayedFromCamera) {
            heldRelayedFromCamera.add(frame);
            return;
        }
        relayed++;
        to.handleDatagram(frame, RelayFrame.HEADER_BYTES, RelayFrame.sessionPacketLength(frame.length), RELAY, now);
    }

    private void advance(long millis) {
        long end = now + millis;
        while (Math.min(camera.nextTimeout(), viewer.nextTimeout()) <= end) {
            now = Math.max(now, Math.min(camera.nextTimeout(), viewer.nextTimeout()));
            camera.handleTimeout(now);
            viewer.handleTimeout(now);
            deliver();
        }
        now = end;
        deliver();
    }

    @Test
    void bothEndsFindTheReachablePathAndMediaFlows() throws Exception {
        establish(List.of(Candidate.local(UNREACHABLE), Candidate.reflexive(CAMERA_PUBLIC)));
        advance(500);
        assertThat(viewer.path()).isEqualTo(CAMERA_PUBLIC);
        assertThat(camera.path()).isEqualTo(VIEWER_PUBLIC);
        assertThat(viewerEvents)
                .anyMatch(e -> e instanceof SessionEvent.PathSelected p
                        && p.kind() == SessionEvent.PathKind.DIRECT
                        && p.elapsedMillis() <= 200);
        assertThat(camera.sendMedia(new byte[] {1, 2, 3}, now)).isTrue();
        deliver();
        assertThat(viewerEvents).anyMatch(e -> e instanceof SessionEvent.Media m && m.rtp().length == 3);
    }

    @Test
    void feedbackAndRetransmissionsTravelAsTheirOwnKinds() throws Exception {
        establish(List.of(Candidate.reflexive(CAMERA_PUBLIC)));
        advance(500);
        assertThat(viewer.sendFeedback(new byte[] {(byte) 0x81, (byte) 0xce, 0, 2}, now))
                .isTrue();
        assertThat(camera.sendRetransmission(new byte[] {4, 5}, now)).isTrue();
        deliver();
        assertThat(cameraEvents).anyMatch(e -> e instanceof SessionEvent.Feedback f && f.rtcp().length == 4);
        assertThat(viewerEvents)
                .anyMatch(e -> e instanceof SessionEvent.Retransmission r && r.rtp().length == 2)
                .noneMatch(e -> e instanceof SessionEvent.Media);
    }

    @Test
    void aLocalCandidateThatAnswersIsReportedAsLan() throws Exception {
        reachable.put(CAMERA_LAN, null);
        establish(List.of(Candidate.local(CAMERA_PUBLIC), Candidate.reflexive(address("203.0.113.10", 50001))));
        advance(200);
        assertThat(viewerEvents)
                .anyMatch(e -> e instanceof SessionEvent.PathSelected p && p.kind() == SessionEvent.PathKind.LAN);
    }

    @Test
    void aPublicHostsOwnAddressIsDirectNotLanThoughItIsAlsoItsLocalCandidate() throws Exception {
        // A camera with a public address: LOCAL and REFLEXIVE are the same (seen in the NAT lab).
        establish(List.of(Candidate.reflexive(CAMERA_PUBLIC), Candidate.local(CAMERA_PUBLIC)));
        advance(200);
        assertThat(viewerEvents)
                .anyMatch(e -> e instanceof SessionEvent.PathSelected p && p.kind() == SessionEvent.PathKind.DIRECT)
                .noneMatch(e -> e instanceof SessionEvent.PathSelected p && p.kind() == SessionEvent.PathKind.LAN);
    }

    @Test
    void withoutADirectPathTheRelayCarriesTheSessionAfterTheRelayDelay() throws Exception {
        directOpen = false;
        establish(List.of(Candidate.reflexive(CAMERA_PUBLIC)), true);
        advance(SessionTimers.DEFAULT.relayAfterMillis() - 10);
        assertThat(viewer.path()).isNull();
        advance(300);
        assertThat(viewer.pathKind()).isEqualTo(SessionEvent.PathKind.RELAY);
        assertThat(camera.pathKind()).isEqualTo(SessionEvent.PathKind.RELAY);
        int before = relayed;
        assertThat(camera.sendMedia(new byte[] {5, 6}, now)).isTrue();
        deliver();
        assertThat(relayed).isEqualTo(before + 1);
        assertThat(viewerEvents).anyMatch(e -> e instanceof SessionEvent.Media m && m.rtp().length == 2);
        advance(60_000); // keepalives through the relay hold it
        assertThat(viewer.isClosed()).isFalse();
        assertThat(viewer.pathKind()).isEqualTo(SessionEvent.PathKind.RELAY);
    }

    @Test
    void aRelayedSessionMovesToADirectPathOnceOneOpensAndStaysThere() throws Exception {
        directOpen = false;
        establish(List.of(Candidate.reflexive(CAMERA_PUBLIC)), true);
        advance(2_000);
        assertThat(viewer.pathKind()).isEqualTo(SessionEvent.PathKind.RELAY);
        directOpen = true; // e.g. the NAT's mapping finally matched
        advance(1_000);
        assertThat(viewer.pathKind()).isEqualTo(SessionEvent.PathKind.DIRECT);
        assertThat(camera.pathKind()).isEqualTo(SessionEvent.PathKind.DIRECT);
        assertThat(viewerEvents).contains(new SessionEvent.PathChanged(CAMERA_PUBLIC, SessionEvent.PathKind.DIRECT));
        int before = relayed;
        advance(30_000);
        assertThat(relayed)
                .as("nothing goes through the relay once direct works")
                .isEqualTo(before);
        assertThat(viewer.path()).isEqualTo(CAMERA_PUBLIC);
    }

    @Test
    void aDirectPathThatDiesFallsBackToTheRelayBeforeTheSessionTimesOut() throws Exception {
        establish(List.of(Candidate.reflexive(CAMERA_PUBLIC)), true);
        advance(500);
        assertThat(viewer.pathKind()).isEqualTo(SessionEvent.PathKind.DIRECT);
        directOpen = false; // the mapping is gone and comes back elsewhere
        advance(SessionTimers.DEFAULT.silenceMillis() - 500);
        assertThat(viewer.isClosed()).isFalse();
        assertThat(viewer.pathKind()).isEqualTo(SessionEvent.PathKind.RELAY);
        assertThat(camera.pathKind()).isEqualTo(SessionEvent.PathKind.RELAY);
        advance(10_000);
        assertThat(camera.isClosed()).isFalse();
    }

    @Test
    void aPathFoundThroughAnExtraSocketKeepsSendingFromIt() throws Exception {
        // The camera looks easy to the viewer (its public port is its local one): the viewer sprays.
        directOpen = false;
        establish(List.of(Candidate.reflexive(CAMERA_PUBLIC), Candidate.local(address("198.18.0.10", 50000))));
        advance(400);
        now = 520; // birthday probing starts at 500 ms; take the viewer's output by hand from here
        List<SecureSession.Transmit> sprayed = new ArrayList<>();
        SecureSession.Transmit transmit;
        viewer.handleTimeout(now);
        while ((transmit = viewer.pollTransmit()) != null) {
            if (transmit.socket() != 0) {
                sprayed.add(transmit);
            }
        }
        assertThat(sprayed).isNotEmpty().allMatch(t -> t.to().equals(CAMERA_PUBLIC));
        // One sprayed probe reaches the camera through the hard NAT's port for socket k.
        SecureSession.Transmit hit = sprayed.getFirst();
        InetSocketAddress viewerPortK = address("198.51.100.7", 45555);
        camera.handleDatagram(hit.data(), 0, hit.data().length, viewerPortK, now);
        byte[] ack = null;
        while ((transmit = camera.pollTransmit()) != null) {
            if (transmit.to().equals(viewerPortK) && ack == null) {
                ack = transmit.data();
            }
        }
        assertThat(ack).isNotNull();
        viewer.handleDatagram(ack, 0, ack.length, CAMERA_PUBLIC, hit.socket(), now);

        assertThat(viewer.path()).isEqualTo(CAMERA_PUBLIC);
        viewer.requestKeyframe(now);
        SecureSession.Transmit control = null;
        while ((transmit = viewer.pollTransmit()) != null) {
            control = transmit;
        }
        assertThat(control).isNotNull();
        assertThat(control.socket())
                .as("the socket whose port the camera reached")
                .isEqualTo(hit.socket());
    }

    @Test
    void keepalivesHoldAnIdleSessionAndSilenceClosesIt() throws Exception {
        establish(List.of(Candidate.reflexive(CAMERA_PUBLIC)));
        advance(60_000);
        assertThat(camera.isClosed()).isFalse();
        assertThat(viewer.isClosed()).isFalse();
        network = packet -> false; // the path dies
        advance(6_000);
        assertThat(viewerEvents).contains(new SessionEvent.Closed(SessionEvent.CloseReason.PEER_SILENT));
        assertThat(cameraEvents).contains(new SessionEvent.Closed(SessionEvent.CloseReason.PEER_SILENT));
    }

    @Test
    void punchingGivesUpWhenNoCandidateAnswers() throws Exception {
        network = packet -> false;
        establish(List.of(Candidate.local(UNREACHABLE)));
        advance(9_000);
        assertThat(viewer.isClosed()).isFalse();
        advance(2_000);
        assertThat(viewerEvents).contains(new SessionEvent.Closed(SessionEvent.CloseReason.PUNCH_FAILED));
        assertThat(cameraEvents).contains(new SessionEvent.Closed(SessionEvent.CloseReason.PUNCH_FAILED));
    }

    @Test
    void aProbeFromAnAddressNobodyAnnouncedBecomesACandidate() throws Exception {
        establish(List.of(Candidate.local(UNREACHABLE))); // the viewer was not told the camera's public address
        advance(300);
        assertThat(viewer.path()).isEqualTo(CAMERA_PUBLIC);
        assertThat(camera.path()).isEqualTo(VIEWER_PUBLIC);
    }

    @Test
    void replayedTamperedAndStrangePacketsAreDroppedAndCounted() throws Exception {
        establish(List.of(Candidate.reflexive(CAMERA_PUBLIC)));
        advance(100);
        camera.sendMedia(new byte[] {9}, now);
        SecureSession.Transmit media = camera.pollTransmit();
        viewer.handleDatagram(media.data(), 0, media.data().length, CAMERA_PUBLIC, now);
        long received = viewer.mediaReceived();
        long dropped = viewer.droppedPackets();

        viewer.handleDatagram(media.data(), 0, media.data().length, CAMERA_PUBLIC, now); // replay
        byte[] tampered = media.data().clone();
        tampered[tampered.length - 5] ^= 1;
        viewer.handleDatagram(tampered, 0, tampered.length, CAMERA_PUBLIC, now);
        byte[] garbage = new byte[100];
        new SplittableRandom(3).nextBytes(garbage);
        viewer.handleDatagram(garbage, 0, garbage.length, CAMERA_PUBLIC, now);

        assertThat(viewer.mediaReceived()).isEqualTo(received);
        assertThat(viewer.droppedPackets()).isEqualTo(dropped + 3);
        assertThat(viewer.isClosed()).isFalse();
    }

    @Test
    void aByeClosesThePeerAtOnce() throws Exception {
        establish(List.of(Candidate.reflexive(CAMERA_PUBLIC)));
        advance(100);
        viewer.close(now);
        deliver();
        assertThat(cameraEvents).contains(new SessionEvent.Closed(SessionEvent.CloseReason.PEER_CLOSED));
    }

    @Test
    void everyPacketIsSealedProbesIncluded() throws Exception {
        establish(List.of(Candidate.reflexive(CAMERA_PUBLIC)));
        advance(100);
        assertThat(captured).isNotEmpty().allSatisfy(packet -> {
            assertThat(packet[0]).isEqualTo((byte) SessionPacket.MAGIC);
            assertThat(packet.length).isGreaterThanOrEqualTo(SessionPacket.OVERHEAD);
        });
    }

    @Test
    void aCopiedPacketResentFromAnotherAddressDoesNotRedirectTheStream() throws Exception {
        establish(List.of(Candidate.reflexive(CAMERA_PUBLIC)));
        advance(500);
        holdViewerPackets = true; // an observer on the viewer's path copies what it sends
        advance(1_500);
        holdViewerPackets = false;
        assertThat(heldFromViewer).isNotEmpty();
        byte[] copied = heldFromViewer.getFirst().data();
        camera.handleDatagram(copied, 0, copied.length, ATTACKER, now); // the copy wins the race
        assertThat(camera.path())
                .as("one authentic packet does not move the path")
                .isEqualTo(VIEWER_PUBLIC);
        for (SecureSession.Transmit held : heldFromViewer) {
            camera.handleDatagram(held.data(), 0, held.data().length, VIEWER_PUBLIC, now);
        }
        deliver();

        assertThat(camera.sendMedia(new byte[] {7, 7, 7}, now)).isTrue();
        deliver();
        assertThat(camera.path()).isEqualTo(VIEWER_PUBLIC);
        assertThat(viewerEvents).anyMatch(e -> e instanceof SessionEvent.Media m && m.rtp().length == 3);
        advance(10_000);
        assertThat(camera.path()).as("the stream stays with the viewer").isEqualTo(VIEWER_PUBLIC);
        assertThat(camera.isClosed()).isFalse();
        assertThat(cameraEvents).noneMatch(e -> e instanceof SessionEvent.PathChanged);
        assertThat(bytesSentTo.getOrDefault(ATTACKER, 0))
                .as("at most 3x what the unvalidated address sent (QUIC's anti-amplification limit)")
                .isPositive()
                .isLessThanOrEqualTo(3 * copied.length);
    }

    @Test
    void aNatRebindingIsFollowedWithinARoundTripWhenTheViewerSendsOnlyFeedback() throws Exception {
        establish(List.of(Candidate.reflexive(CAMERA_PUBLIC)));
        advance(500);
        stream(2_000);
        long reboundAt = now;
        reachable.remove(VIEWER_PUBLIC); // the viewer's NAT forgot the mapping and made a new one
        reachable.put(VIEWER_REBOUND, viewer);
        viewerAt = VIEWER_REBOUND;
        stream(5_000);

        assertThat(camera.path()).isEqualTo(VIEWER_REBOUND);
        assertThat(cameraEvents).contains(new SessionEvent.PathChanged(VIEWER_REBOUND, SessionEvent.PathKind.DIRECT));
        long firstAfter =
                viewerMediaAt.stream().filter(t -> t > reboundAt).findFirst().orElseThrow();
        assertThat(firstAfter - reboundAt)
                .as("media resumes once the next RTCP's new address is validated, one RTCP interval at most")
                .isLessThanOrEqualTo(600);
        assertThat(viewerMediaAt.getLast()).isGreaterThan(now - 100);
        assertThat(viewer.isClosed()).isFalse();
        assertThat(camera.isClosed()).isFalse();
    }

    @Test
    void aCopiedProbeAckResentFromAnotherAddressDoesNotMoveARelayedSession() throws Exception {
        directOpen = false;
        establish(List.of(Candidate.reflexive(CAMERA_PUBLIC)), true);
        advance(2_000);
        assertThat(viewer.pathKind()).isEqualTo(SessionEvent.PathKind.RELAY);
        holdRelayedFromCamera = true; // an observer next to the relay copies what it forwards
        advance(1_000);
        holdRelayedFromCamera = false;
        assertThat(heldRelayedFromCamera).isNotEmpty();
        for (byte[] frame : heldRelayedFromCamera) { // the copies win the race: acks, probes, keepalives
            viewer.handleDatagram(
                    frame, RelayFrame.HEADER_BYTES, RelayFrame.sessionPacketLength(frame.length), ATTACKER, now);
        }
        for (byte[] frame : heldRelayedFromCamera) {
            viewer.handleDatagram(
                    frame, RelayFrame.HEADER_BYTES, RelayFrame.sessionPacketLength(frame.length), RELAY, now);
        }
        deliver();
        advance(5_000);
        assertThat(viewer.path()).isEqualTo(RELAY);
        assertThat(viewerEvents)
                .noneMatch(e -> e instanceof SessionEvent.PathChanged changed
                        && changed.peer().equals(ATTACKER));
        assertThat(viewer.isClosed()).isFalse();
    }

    @Test
    void keysAreUpdatedAfterTheMessageCountAndMediaKeepsFlowing() throws Exception {
        rekey = new RekeyLimits(120_000, 180_000, 50, 1_000, 10_000, RekeyLimits.DEFAULT.lastCounter());
        establish(List.of(Candidate.reflexive(CAMERA_PUBLIC)));
        advance(500);
        stream(10_000); // ~300 media packets

        assertThat(camera.keyUpdates()).isGreaterThanOrEqualTo(5);
        assertThat(viewer.keyUpdates()).isEqualTo(camera.keyUpdates());
        assertThat(viewer.mediaReceived()).isEqualTo(camera.mediaSent());
        assertThat(viewer.droppedPackets()).isZero();
        assertThat(camera.droppedPackets()).isZero();
        assertThat(captured).anyMatch(p -> (p[1] & SessionPacket.KEY_PHASE_BIT) != 0);
    }

    @Test
    void keysAreUpdatedAfterTwoMinutesOnAnIdleSession() throws Exception {
        establish(List.of(Candidate.reflexive(CAMERA_PUBLIC)));
        advance(RekeyLimits.DEFAULT.rekeyAfterMillis() - 1_000);
        assertThat(camera.keyUpdates()).isZero();
        advance(2_000);
        assertThat(camera.keyUpdates()).isEqualTo(1);
        assertThat(viewer.keyUpdates()).isEqualTo(1);
        advance(RekeyLimits.DEFAULT.rejectAfterMillis() * 2); // keys past the reject age are never used
        assertThat(camera.keyUpdates()).isGreaterThanOrEqualTo(4);
        assertThat(camera.isClosed()).isFalse();
        assertThat(viewer.isClosed()).isFalse();
        assertThat(camera.sendMedia(new byte[] {8}, now)).isTrue();
        deliver();
        assertThat(viewerEvents.getLast()).isInstanceOf(SessionEvent.Media.class);
    }

    @Test
    void packetsReorderedAcrossAKeyUpdateAreAcceptedAndStragglersAfterTheGraceAreNot() throws Exception {
        rekey = new RekeyLimits(120_000, 180_000, 20, 1_000, 3_000, RekeyLimits.DEFAULT.lastCounter());
        establish(List.of(Candidate.reflexive(CAMERA_PUBLIC)));
        advance(500);
        long updatesBefore = camera.keyUpdates();
        List<byte[]> burst = new ArrayList<>();
        for (int i = 0; i < 30; i++) { // crosses the 20-packet limit: the camera updates mid-burst
            camera.sendMedia(new byte[] {(byte) i}, now);
            SecureSession.Transmit transmit;
            while ((transmit = camera.pollTransmit()) != null) {
                burst.add(transmit.data());
            }
        }
        assertThat(camera.keyUpdates()).isEqualTo(updatesBefore + 1);
        List<byte[]> oldPhase = burst.stream()
                .filter(p -> SessionPacket.keyPhase(p, 0) == SessionPacket.keyPhase(burst.getFirst(), 0))
                .toList();
        List<byte[]> newPhase =
                burst.stream().filter(p -> !oldPhase.contains(p)).toList();
        assertThat(oldPhase).hasSizeGreaterThan(2);
        assertThat(newPhase).isNotEmpty();
        byte[] straggler = oldPhase.getFirst();
        long received = viewer.mediaReceived();

        // The new phase overtakes the old one in the network: the viewer follows, and still opens the old.
        for (byte[] packet : newPhase) {
            viewer.handleDatagram(packet, 0, packet.length, CAMERA_PUBLIC, now);
        }
        for (byte[] packet : oldPhase.subList(1, oldPhase.size())) {
            viewer.handleDatagram(packet, 0, packet.length, CAMERA_PUBLIC, now);
        }
        assertThat(viewer.keyUpdates()).isEqualTo(camera.keyUpdates());
        assertThat(viewer.mediaReceived()).isEqualTo(received + burst.size() - 1);
        deliver();

        advance(rekey.previousKeyMillis() + 100);
        long dropped = viewer.droppedPackets();
        long stillReceived = viewer.mediaReceived();
        viewer.handleDatagram(straggler, 0, straggler.length, CAMERA_PUBLIC, now); // never seen, old keys gone
        byte[] replayed = oldPhase.getLast();
        viewer.handleDatagram(replayed, 0, replayed.length, CAMERA_PUBLIC, now); // seen before the update
        assertThat(viewer.mediaReceived()).isEqualTo(stillReceived);
        assertThat(viewer.droppedPackets()).isEqualTo(dropped + 2);
        assertThat(viewer.isClosed()).isFalse();
    }

    @Test
    void aSessionWhosePeerNeverConfirmsAnUpdateClosesInsteadOfOverusingAKey() throws Exception {
        rekey = new RekeyLimits(120_000, 180_000, 20, 40, 10_000, RekeyLimits.DEFAULT.lastCounter());
        establish(List.of(Candidate.reflexive(CAMERA_PUBLIC)));
        advance(500);
        long counterBefore = maxCameraCounter();
        int sent = 0;
        while (camera.sendMedia(new byte[] {1}, now)) { // nothing from the viewer arrives meanwhile
            sent++;
            assertThat(sent).isLessThan(1_000);
        }
        SessionEvent last = null;
        SessionEvent event;
        while ((event = camera.pollEvent()) != null) {
            last = event;
        }
        assertThat(last).isEqualTo(new SessionEvent.Closed(SessionEvent.CloseReason.KEYS_EXHAUSTED));
        List<Long> counters = drainCameraCounters();
        assertThat(counters).doesNotHaveDuplicates();
        assertThat(counters.getLast() - counterBefore)
                .as("one update at 20, then at most 40 under the unconfirmed key")
                .isLessThanOrEqualTo(60);
    }

    @Test
    void theSendCounterNeverWrapsTheSessionClosesAtItsEnd() throws Exception {
        rekey = new RekeyLimits(120_000, 180_000, 1L << 60, -(1L << 13) - 1, 10_000, 60);
        establish(List.of(Candidate.reflexive(CAMERA_PUBLIC)));
        advance(100);
        while (camera.sendMedia(new byte[] {1}, now)) {
            deliver();
        }
        deliver();
        assertThat(cameraEvents).contains(new SessionEvent.Closed(SessionEvent.CloseReason.KEYS_EXHAUSTED));
        List<Long> counters = captured.stream()
                .filter(p -> SessionPacket.receiverId(p, 0) == 1)
                .map(p -> SessionPacket.counter(p, 0))
                .toList();
        assertThat(counters).doesNotHaveDuplicates().allMatch(c -> c <= 60).contains(60L);
    }

    private long maxCameraCounter() {
        return captured.stream()
                .filter(p -> SessionPacket.receiverId(p, 0) == 1)
                .mapToLong(p -> SessionPacket.counter(p, 0))
                .max()
                .orElse(0);
    }

    private List<Long> drainCameraCounters() {
        List<Long> counters = new ArrayList<>(captured.stream()
                .filter(p -> SessionPacket.receiverId(p, 0) == 1)
                .map(p -> SessionPacket.counter(p, 0))
                .toList());
        SecureSession.Transmit transmit;
        while ((transmit = camera.pollTransmit()) != null) {
            counters.add(SessionPacket.counter(transmit.data(), 0));
        }
        return counters;
    }

    /** Camera sends a media packet every 33 ms, the viewer an RTCP report every 500 ms (and nothing else of its own). */
    private void stream(long millis) {
        long end = now + millis;
        long nextFeedback = now;
        while (now < end) {
            camera.sendMedia(new byte[] {1, 2, 3, 4}, now);
            if (now >= nextFeedback) {
                viewer.sendFeedback(new byte[] {(byte) 0x81, (byte) 0xc9, 0, 1}, now);
                nextFeedback = now + 500;
            }
            advance(33);
        }
    }
}
