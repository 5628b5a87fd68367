package io.p2pcam.cloud.endtoend;

import static io.p2pcam.protocol.testing.Addresses.address;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.cloud.core.CloudConfig;
import io.p2pcam.cloud.core.RelayLimits;
import io.p2pcam.protocol.audio.AudioStreamSender;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.endpoint.CameraEndpoint;
import io.p2pcam.protocol.endpoint.CameraEvent;
import io.p2pcam.protocol.endpoint.CameraStream;
import io.p2pcam.protocol.endpoint.DatagramEndpoint;
import io.p2pcam.protocol.endpoint.Outgoing;
import io.p2pcam.protocol.endpoint.ViewerEndpoint;
import io.p2pcam.protocol.endpoint.ViewerEvent;
import io.p2pcam.protocol.endpoint.ViewerFailure;
import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.media.DepacketizerEvent;
import io.p2pcam.protocol.media.RtpPacket;
import io.p2pcam.protocol.session.SessionEvent;
import io.p2pcam.protocol.session.SessionTimers;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Camera, viewer and the real cloud core in memory: the whole connect path without sockets. */
class CameraToViewerTest {
    private static final InetSocketAddress CLOUD = address("203.0.113.1", 32100);
    private static final InetSocketAddress CAMERA = address("203.0.113.50", 40000);
    private final SecureRandom secure = new SecureRandom();
    private final EndpointNetwork network = new EndpointNetwork();
    private final CameraIdentity identity = CameraIdentity.generate(secure);
    private CameraEndpoint camera;

    private void startCloudAndCamera(int maxViewers) {
        startCloudAndCamera(maxViewers, CloudConfig.defaults());
    }

    private void startCloudAndCamera(int maxViewers, CloudConfig config) {
        network.attach(CLOUD, new EndpointNetwork.Cloud(config, network.now));
        camera = new CameraEndpoint(
                identity,
                CLOUD,
                EndpointNetwork.access(identity, "pw", network.wall),
                List.of(Candidate.local(CAMERA)),
                new CameraStream(1280, 720, 30),
                maxViewers,
                secure,
                new SplittableRandom(1),
                SessionTimers.DEFAULT,
                network.now);
        network.attach(CAMERA, camera);
    }

    private ViewerEndpoint viewer(int n, CameraId id, String password) {
        InetSocketAddress address = address("198.51.100." + n, 41000);
        return new NetworkViewer(network, id, CLOUD, secure)
                .password(password)
                .named("viewer " + n)
                .seed(n)
                .attachAt(address);
    }

    @Test
    void aViewerWithThePasswordGoesLiveAndReceivesMedia() {
        startCloudAndCamera(4);
        ViewerEndpoint viewer = viewer(7, identity.id(), "pw");
        network.advance(200);
        assertThat(viewer.phase()).isEqualTo(ViewerEndpoint.Phase.LIVE);
        camera.sendMedia(rtp(1, 1, 2, 3, 4), network.now);
        network.flush();
        List<ViewerEvent> events = EndpointNetwork.viewerEvents(viewer);
        assertThat(events)
                .hasAtLeastOneElementOfType(ViewerEvent.KeyVerified.class)
                .hasAtLeastOneElementOfType(ViewerEvent.Admitted.class)
                // The camera is on a public address (its LOCAL candidate is what the cloud sees): direct, not lan.
                .anyMatch(e -> e instanceof ViewerEvent.Live live && live.path() == SessionEvent.PathKind.DIRECT)
                .anyMatch(e -> e instanceof ViewerEvent.Video v && annexBLength(v) == 4 + 1 + 4);
    }

    @Test
    void peersThatCannotReachEachOtherGoLiveThroughTheRelayAndUpgradeWhenADirectPathOpens() {
        startCloudAndCamera(4, CloudConfig.defaults().withRelay(RelayLimits.on()));
        network.blocked = (from, to) -> !from.equals(CLOUD) && !to.equals(CLOUD); // only the cloud gets through
        ViewerEndpoint viewer = viewer(7, identity.id(), "pw");
        network.advance(1_500);
        assertThat(viewer.phase()).isEqualTo(ViewerEndpoint.Phase.LIVE);
        camera.sendMedia(rtp(1, 1, 2, 3, 4), network.now);
        network.flush();
        assertThat(EndpointNetwork.viewerEvents(viewer))
                .anyMatch(e -> e instanceof ViewerEvent.Live live && live.path() == SessionEvent.PathKind.RELAY)
                .anyMatch(e -> e instanceof ViewerEvent.Video v && annexBLength(v) == 4 + 1 + 4);

        network.blocked = (from, to) -> false;
        network.advance(1_000);
        assertThat(EndpointNetwork.viewerEvents(viewer))
                .anyMatch(e ->
                        e instanceof ViewerEvent.PathChanged changed && changed.path() == SessionEvent.PathKind.DIRECT);
    }

    @Test
    void aRelayedCameraThatMovesIsFollowedOnceItAnswersTheRelaysChallenge() {
        startCloudAndCamera(4, CloudConfig.defaults().withRelay(RelayLimits.on()));
        network.blocked = (from, to) -> !from.equals(CLOUD) && !to.equals(CLOUD); // only the cloud gets through
        ViewerEndpoint viewer = viewer(7, identity.id(), "pw");
        network.advance(1_500);
        assertThat(viewer.phase()).isEqualTo(ViewerEndpoint.Phase.LIVE);

        // The camera's NAT rebinds: from now on it sends, and can only receive, at a new address.
        network.detach(CAMERA);
        network.attach(address("203.0.113.50", 40999), camera);
        network.advance(8_000);

        assertThat(camera.viewers())
                .as("the viewer's packets reach the camera at its new address (it would be silent for 5 s otherwise)")
                .isOne();
        assertThat(viewer.phase()).isEqualTo(ViewerEndpoint.Phase.LIVE);
        assertThat(EndpointNetwork.viewerEvents(viewer)).noneMatch(e -> e instanceof ViewerEvent.Failed);
    }

    @Test
    void withoutARelayPeersThatCannotReachEachOtherNeverGoLive() {
        startCloudAndCamera(4);
        network.blocked = (from, to) -> !from.equals(CLOUD) && !to.equals(CLOUD);
        ViewerEndpoint viewer = viewer(7, identity.id(), "pw");
        network.advance(11_000);
        assertThat(EndpointNetwork.viewerEvents(viewer))
                .noneMatch(e -> e instanceof ViewerEvent.Live)
                .anyMatch(e -> e instanceof ViewerEvent.Failed);
    }

    /** A host that sends the given datagrams once and then keeps quiet. */
    private static DatagramEndpoint sender(Outgoing... datagrams) {
        ArrayDeque<Outgoing> queue = new ArrayDeque<>(List.of(datagrams));
        return new DatagramEndpoint() {
            @Override
            public void handleDatagram(byte[] data, int offset, int length, InetSocketAddress from, long now) {}

            @Override
            public Outgoing pollTransmit() {
                return queue.poll();
            }

            @Override
            public long nextTimeout() {
                return Long.MAX_VALUE;
            }

            @Override
            public void handleTimeout(long now) {}
        };
    }

    private List<CameraEvent> cameraEvents() {
        List<CameraEvent> events = new ArrayList<>();
        CameraEvent event;
        while ((event = camera.pollEvent()) != null) {
            events.add(event);
        }
        return events;
    }

    @Test
    void aConnectRequestWithAPasswordThatIsNotUtf8IsRefusedAndTheNextViewerIsServed() {
        startCloudAndCamera(4);
        InetSocketAddress stranger = address("198.51.100.66", 41000);
        byte[] attack = HostileHello.connectRequest(
                identity.id(),
                identity.publicKey(),
                HostileHello.invalidUtf8Password(),
                stranger,
                network.wall.instant(),
                secure);
        network.attach(stranger, sender(new Outgoing(CLOUD, attack)));
        network.advance(100);
        assertThat(cameraEvents())
                .anyMatch(e -> e instanceof CameraEvent.HandshakeFailed failed
                        && failed.reason().contains("not valid UTF-8"));
        assertThat(camera.viewers()).isZero();

        ViewerEndpoint viewer = viewer(7, identity.id(), "pw");
        network.advance(200);
        assertThat(viewer.phase()).isEqualTo(ViewerEndpoint.Phase.LIVE);
    }

    @Test
    void aCameraWithoutIpv6DropsAViewersIpv6CandidatesInsteadOfProbingThem() {
        startCloudAndCamera(4);
        List<InetSocketAddress> cameraSentTo = new ArrayList<>();
        network.attach(
                CAMERA,
                new DatagramEndpoint() { // the camera, with its datagrams' destinations noted
                    @Override
                    public void handleDatagram(byte[] data, int offset, int length, InetSocketAddress from, long now) {
                        camera.handleDatagram(data, offset, length, from, now);
                    }

                    @Override
                    public Outgoing pollTransmit() {
                        Outgoing out = camera.pollTransmit();
                        if (out != null) {
                            cameraSentTo.add(out.to());
                        }
                        return out;
                    }

                    @Override
                    public long nextTimeout() {
                        return camera.nextTimeout();
                    }

                    @Override
                    public void handleTimeout(long now) {
                        camera.handleTimeout(now);
                    }
                });
        InetSocketAddress v4 = address("198.51.100.7", 41000);
        InetSocketAddress v6 = address("2001:db8::7", 41000);
        ViewerEndpoint viewer = new NetworkViewer(network, identity.id(), CLOUD, secure)
                .named("dual-stack viewer")
                .pairing(false)
                .candidates(Candidate.local(v6), Candidate.local(v4))
                .attachAt(v4);
        network.advance(2_000);
        assertThat(viewer.phase()).isEqualTo(ViewerEndpoint.Phase.LIVE);
        assertThat(cameraSentTo).contains(v4).noneMatch(to -> to.getAddress() instanceof Inet6Address);
    }

    @Test
    void aWrongPasswordEndsInAuthFailedAndTheCameraStaysHidden() {
        startCloudAndCamera(4);
        ViewerEndpoint viewer = viewer(7, identity.id(), "nope");
        network.advance(200);
        assertThat(EndpointNetwork.viewerEvents(viewer))
                .contains(new ViewerEvent.Failed(
                        ViewerFailure.AUTH_FAILED, "wrong password for camera " + identity.id()));
        assertThat(camera.viewers()).isZero();
    }

    @Test
    void anUnknownCameraIsUnavailable() {
        startCloudAndCamera(4);
        ViewerEndpoint viewer = viewer(7, CameraIdentity.generate(secure).id(), "pw");
        network.advance(200);
        assertThat(EndpointNetwork.viewerEvents(viewer))
                .anyMatch(e -> e instanceof ViewerEvent.Failed f && f.failure() == ViewerFailure.CAMERA_UNAVAILABLE);
    }

    @Test
    void fourViewersAtOnceAllReceiveTheSameStreamAndAFifthIsTurnedAway() {
        startCloudAndCamera(4);
        List<ViewerEndpoint> viewers = new ArrayList<>();
        for (int n = 1; n <= 4; n++) {
            viewers.add(viewer(n, identity.id(), "pw"));
        }
        network.advance(300);
        ViewerEndpoint fifth = viewer(5, identity.id(), "pw");
        network.advance(300);
        assertThat(viewers).allMatch(v -> v.phase() == ViewerEndpoint.Phase.LIVE);
        assertThat(EndpointNetwork.viewerEvents(fifth))
                .anyMatch(e -> e instanceof ViewerEvent.Failed f && f.failure() == ViewerFailure.CAMERA_BUSY);
        viewers.forEach(EndpointNetwork::viewerEvents);
        camera.sendMedia(rtp(1, 9), network.now);
        network.flush();
        assertThat(viewers)
                .allMatch(v -> EndpointNetwork.viewerEvents(v).stream().anyMatch(ViewerEvent.Video.class::isInstance));
    }

    @Test
    void anEstablishedStreamOutlivesTheCloud() {
        startCloudAndCamera(4);
        ViewerEndpoint viewer = viewer(7, identity.id(), "pw");
        network.advance(200);
        network.detach(CLOUD);
        for (int second = 0; second < 120; second++) {
            camera.sendMedia(rtp(second, (byte) second), network.now);
            network.advance(1_000);
        }
        assertThat(viewer.phase()).isEqualTo(ViewerEndpoint.Phase.LIVE);
        assertThat(EndpointNetwork.viewerEvents(viewer).stream()
                        .filter(ViewerEvent.Video.class::isInstance)
                        .count())
                .isEqualTo(120);
        CameraEvent event;
        List<CameraEvent> cameraEvents = new ArrayList<>();
        while ((event = camera.pollEvent()) != null) {
            cameraEvents.add(event);
        }
        assertThat(cameraEvents)
                .hasAtLeastOneElementOfType(CameraEvent.RegistrationLost.class)
                .noneMatch(CameraEvent.ViewerLeft.class::isInstance);
    }

    @Test
    void whenTheCameraGoesAwayTheViewerNoticesWithinSixSeconds() {
        startCloudAndCamera(4);
        ViewerEndpoint viewer = viewer(7, identity.id(), "pw");
        network.advance(200);
        EndpointNetwork.viewerEvents(viewer);
        network.detach(CAMERA);
        network.advance(6_000);
        assertThat(EndpointNetwork.viewerEvents(viewer))
                .anyMatch(e -> e instanceof ViewerEvent.Failed f && f.failure() == ViewerFailure.CONNECTION_LOST);
    }

    @Test
    void aRelayedStreamOutlivesAKeyUpdateTheRelayForwardsAcrossIt() {
        startCloudAndCamera(4, CloudConfig.defaults().withRelay(RelayLimits.on()));
        network.blocked = (from, to) -> !from.equals(CLOUD) && !to.equals(CLOUD); // only the cloud gets through
        ViewerEndpoint viewer = viewer(7, identity.id(), "pw");
        network.advance(1_500);
        assertThat(viewer.session().pathKind()).isEqualTo(SessionEvent.PathKind.RELAY);
        for (int second = 0; second < 130; second++) { // past the first key update (at 120 s)
            camera.sendMedia(rtp(second, 1, 2, 3), network.now);
            network.advance(1_000);
        }
        assertThat(viewer.session().keyUpdates()).isEqualTo(1);
        assertThat(viewer.session().mediaReceived()).isEqualTo(130);
        assertThat(viewer.session().droppedPackets()).isZero();
        assertThat(viewer.phase()).isEqualTo(ViewerEndpoint.Phase.LIVE);
        assertThat(camera.viewers()).isOne();
    }

    @Test
    void aViewerWhoseNatRebindsKeepsItsStreamOneRtcpRoundTripLater() {
        startCloudAndCamera(4);
        ViewerEndpoint viewer = viewer(7, identity.id(), "pw");
        network.advance(200);
        assertThat(viewer.phase()).isEqualTo(ViewerEndpoint.Phase.LIVE);
        streamFor(viewer, 3_000);

        // The viewer's NAT rebinds: it now sends, and can only receive, at a new port. It sends RTCP
        // every 500 ms and so never a KEEPALIVE; the camera must follow it on that alone.
        long reboundAt = network.now;
        network.detach(address("198.51.100.7", 41000));
        network.attach(address("198.51.100.7", 41999), viewer);
        List<Long> mediaAt = streamFor(viewer, 6_000);

        assertThat(mediaAt).isNotEmpty();
        assertThat(mediaAt.getFirst() - reboundAt)
                .as("media resumes once the RTCP's new address answered a PROBE")
                .isLessThanOrEqualTo(600);
        assertThat(mediaAt.getLast()).isGreaterThan(network.now - 100);
        assertThat(viewer.phase()).isEqualTo(ViewerEndpoint.Phase.LIVE);
        assertThat(camera.viewers()).isOne();
    }

    /**
     * The camera sends a packet every 33 ms for {@code millis}; returns when media packets reached the
     * viewer's session (before its jitter buffer, which waits a while for the packets lost meanwhile).
     */
    private List<Long> streamFor(ViewerEndpoint viewer, long millis) {
        List<Long> mediaAt = new ArrayList<>();
        long end = network.now + millis;
        int sequence = 0;
        while (network.now < end) {
            long before = viewer.session().mediaReceived();
            camera.sendMedia(rtp(sequence++, 1, 2, 3), network.now);
            network.advance(33);
            if (viewer.session().mediaReceived() > before) {
                mediaAt.add(network.now);
            }
        }
        EndpointNetwork.viewerEvents(viewer);
        return mediaAt;
    }

    @Test
    void theCameraSoundReachesTheViewerAsItsOwnStreamWithItsSenderReports() throws Exception {
        startCloudAndCamera(4);
        ViewerEndpoint viewer = viewer(7, identity.id(), "pw");
        network.advance(200);
        assertThat(viewer.phase()).isEqualTo(ViewerEndpoint.Phase.LIVE);
        AudioStreamSender sound = new AudioStreamSender(0xA0D10L, 5);
        RtpPacket opus = sound.packet(new byte[] {0x78, 1, 2}, 960);
        camera.sendAudio(opus, network.now);
        camera.sendAudioReport(sound.report(network.now, 1_920), network.now);
        camera.sendMedia(rtp(1, 1, 2, 3, 4), network.now);
        network.flush();
        List<ViewerEvent> events = EndpointNetwork.viewerEvents(viewer);
        // The sound skips the video's jitter buffer and depacketizer: it comes out as sent.
        assertThat(events)
                .anyMatch(e ->
                        e instanceof ViewerEvent.Audio audio && audio.packet().equals(opus))
                .anyMatch(e -> e instanceof ViewerEvent.SenderClock clock
                        && clock.ssrc() == 0xA0D10L
                        && clock.rtpTimestamp() == 1_920)
                .anyMatch(e -> e instanceof ViewerEvent.Video v && annexBLength(v) == 4 + 1 + 4);
        assertThat(events).filteredOn(ViewerEvent.Video.class::isInstance).hasSize(1);
        assertThat(viewer.mediaStats().expected())
                .as("the video's loss accounting sees video alone")
                .isEqualTo(1);
    }

    /** The length of a video event's access unit in Annex B form (start code and NAL unit), or -1. */
    private static int annexBLength(ViewerEvent.Video video) {
        return video.event() instanceof DepacketizerEvent.AccessUnit unit ? unit.annexB().length : -1;
    }

    /** Media is RTP: the camera keeps it for NACKs by sequence number, the viewer orders it by that number. */
    private static byte[] rtp(int sequence, int... payload) {
        // An IDR slice's NAL header first: a viewer's stream starts at a keyframe (PROTOCOL.md §10.2).
        byte[] bytes = new byte[1 + payload.length];
        bytes[0] = 0x65;
        for (int i = 0; i < payload.length; i++) {
            bytes[1 + i] = (byte) payload[i];
        }
        return io.p2pcam.protocol.media.RtpCodec.encode(
                new io.p2pcam.protocol.media.RtpPacket(96, true, sequence, 0, 1, bytes));
    }
}
