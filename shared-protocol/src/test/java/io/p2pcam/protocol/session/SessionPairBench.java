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

/**
 * Two {@link SecureSession}s, a camera's and a viewer's, on a scripted network with a manual
 * clock: which addresses are reachable, a relay, an attacker's address, packets held back or
 * captured. The session tests extend it.
 */
abstract class SessionPairBench {
    static final RelayGrant CAMERA_GRANT = new RelayGrant(77, Bytes.of(new byte[16]));
    static final RelayGrant VIEWER_GRANT =
            new RelayGrant(77, Bytes.of("viewer's 16 bytes".getBytes(StandardCharsets.US_ASCII), 0, 16));

    static final InetSocketAddress CAMERA_LAN = address("198.18.0.10", 40000);
    static final InetSocketAddress CAMERA_PUBLIC = address("203.0.113.10", 50000);
    static final InetSocketAddress VIEWER_PUBLIC = address("198.51.100.7", 41000);
    static final InetSocketAddress UNREACHABLE = address("198.18.99.99", 40000);
    static final InetSocketAddress RELAY = address("198.51.100.1", 32100);
    static final InetSocketAddress ATTACKER = address("192.0.2.66", 6666);
    static final InetSocketAddress VIEWER_REBOUND = address("198.51.100.7", 41999);

    long now = 0;
    SecureSession camera;
    SecureSession viewer;
    final Map<InetSocketAddress, SecureSession> reachable = new HashMap<>();
    final List<SessionEvent> cameraEvents = new ArrayList<>();
    final List<SessionEvent> viewerEvents = new ArrayList<>();
    Predicate<byte[]> network = packet -> true;
    final List<byte[]> captured = new ArrayList<>();
    /** Whether packets between the peers' own addresses get through (false: only the relay works). */
    boolean directOpen = true;

    int relayed;
    /** The key-update limits both ends use; tests of key updates give small numbers. */
    RekeyLimits rekey = RekeyLimits.DEFAULT;
    /** Where the viewer's packets come from (its NAT's mapping); a rebinding changes it. */
    InetSocketAddress viewerAt = VIEWER_PUBLIC;
    /** While true, the viewer's packets are held here instead of delivered (an observer on its path). */
    boolean holdViewerPackets;

    final List<SecureSession.Transmit> heldFromViewer = new ArrayList<>();
    /** While true, what the relay would pass from the camera to the viewer is held here. */
    boolean holdRelayedFromCamera;

    final List<byte[]> heldRelayedFromCamera = new ArrayList<>();
    final Map<InetSocketAddress, Integer> bytesSentTo = new HashMap<>();
    final List<Long> viewerMediaAt = new ArrayList<>();

    /** Camera on a LAN address the viewer cannot reach, and a public one it can; viewer public only. */
    void establish(List<Candidate> cameraCandidates) throws Exception {
        establish(cameraCandidates, false);
    }

    void establish(List<Candidate> cameraCandidates, boolean withRelay) throws Exception {
        establish(List.of(Candidate.reflexive(VIEWER_PUBLIC)), cameraCandidates, withRelay);
    }

    /** As above with the viewer's candidates, as the camera gets them, given too. */
    void establish(List<Candidate> viewerCandidates, List<Candidate> cameraCandidates, boolean withRelay)
            throws Exception {
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
                SecureSession.Side.CAMERA,
                2,
                1,
                viewerCandidates,
                withRelay ? RelayFrame.Route.of(RELAY, CAMERA_GRANT, RelayFrame.FROM_CAMERA) : null,
                SessionTimers.DEFAULT,
                rekey,
                new SplittableRandom(1),
                now);
        viewer = new SecureSession(
                outcome.keys(),
                SecureSession.Side.VIEWER,
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

    void deliver() {
        boolean moved = true;
        while (moved) {
            moved = false;
            moved |= route(camera, CAMERA_PUBLIC, cameraEvents);
            moved |= route(viewer, viewerAt, viewerEvents);
        }
    }

    boolean route(SecureSession from, InetSocketAddress fromAddress, List<SessionEvent> events) {
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
            if (intercepted(from, transmit)) {
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

    /** A test's hook on every transmit, before the network: true when it took the packet (a third party's). */
    boolean intercepted(SecureSession from, SecureSession.Transmit transmit) {
        return false;
    }

    /** The cloud's relay as it behaves: a frame from one side goes, unchanged, to the other, from the relay's address. */
    void relay(SecureSession from, byte[] frame) {
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

    void advance(long millis) {
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

    /** What {@link #stream} sends as each media packet. */
    byte[] frame = {1, 2, 3, 4};

    /** Camera sends a media packet every 33 ms, the viewer an RTCP report every 500 ms (and nothing else of its own). */
    void stream(long millis) {
        long end = now + millis;
        long nextFeedback = now;
        while (now < end) {
            camera.sendMedia(frame, now);
            if (now >= nextFeedback) {
                viewer.sendFeedback(new byte[] {(byte) 0x81, (byte) 0xc9, 0, 1}, now);
                nextFeedback = now + 500;
            }
            advance(33);
            afterTick();
        }
    }

    /** A test's hook after each 33 ms of {@link #stream}: packets it held come in late here. */
    void afterTick() {}
}
