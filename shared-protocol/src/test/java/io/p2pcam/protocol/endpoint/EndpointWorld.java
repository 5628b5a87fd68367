package io.p2pcam.protocol.endpoint;

import static io.p2pcam.protocol.testing.Addresses.address;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudDecodeException;
import io.p2pcam.protocol.cloud.CloudMessage;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectStatus;
import io.p2pcam.protocol.cloud.ForwardTag;
import io.p2pcam.protocol.cloud.RelayGrant;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.media.DepacketizerEvent.AccessUnit;
import io.p2pcam.protocol.noise.KeyPair;
import io.p2pcam.protocol.pairing.PairingStore;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.pairing.UnpairedBudget;
import io.p2pcam.protocol.session.CameraHandshake;
import io.p2pcam.protocol.session.SessionTimers;
import io.p2pcam.protocol.session.VideoStream;
import java.net.InetSocketAddress;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * One camera endpoint, viewer endpoints and a scripted cloud on an in-memory network with a
 * manual clock, so that shared-protocol tests drive both endpoints without sockets or cloud-server.
 * The cloud is only as much of PROTOCOL.md §3 as the endpoints need: it registers the camera,
 * answers lookups and carries the connect exchange (no relay). Datagrams arrive at once.
 */
final class EndpointWorld {
    static final InetSocketAddress CLOUD = address("203.0.113.1", 32100);
    /** A second cloud node, for cameras and viewers given several (docs/PROTOCOL.md §4.9, §5.4). */
    static final InetSocketAddress CLOUD_B = address("203.0.113.2", 32100);

    static final InetSocketAddress CAMERA = address("198.51.100.10", 40000);
    static final String PASSWORD = "correct horse battery";
    private static final byte[] TOKEN = new byte[CloudCodec.TOKEN_BYTES];
    /** What the cloud tags its forwards under: the key of the token it registers the camera with (§3.10.10). */
    static final byte[] FORWARD_KEY = ForwardTag.key(Bytes.of(TOKEN));

    final CameraIdentity identity = CameraIdentity.generate(seeded(1));
    final Map<InetSocketAddress, DatagramEndpoint> hosts = new LinkedHashMap<>();
    final List<CameraEvent> cameraEvents = new ArrayList<>();
    final Map<InetSocketAddress, List<ViewerEvent>> viewerEvents = new HashMap<>();
    /** Every datagram the network carried, in order (what a test inspects on the wire). */
    final List<Sent> wire = new ArrayList<>();
    /** Candidates the cloud slips into each CONNECT_FORWARD after the viewer's own (a lying cloud). */
    List<Candidate> injectedCandidates = List.of();
    /** Candidates the cloud adds to an ACCEPTED CONNECT_RESULT after the camera's reflexive one. */
    List<Candidate> injectedResultCandidates = List.of();
    /** The relay grant the cloud gives each accepted connect (it relays nothing: tests read the wire). */
    RelayGrant relayGrant = RelayGrant.NONE;
    /** Whether the cloud answers lookups with another camera's key (a lying cloud). */
    boolean lieAboutTheKey;
    /** Datagrams from the first address to the second that the network drops. */
    BiPredicate<InetSocketAddress, InetSocketAddress> blocked = (from, to) -> false;
    /** Datagrams the network drops for what they are (a size: one kind of session packet), besides those blocked. */
    Predicate<Sent> lost = sent -> false;

    long now = 1_000;
    final InstantSource wall = () -> Instant.ofEpochMilli(1_796_000_000_000L + now);
    final PairingStore pairings =
            new PairingStore(identity.noiseStaticKey(), PairingStore.Snapshot.empty(), PairingStore.Journal.NONE);
    final CameraEndpoint camera;
    /** How long a viewer's connect may take, from its start. */
    long viewerDeadlineMillis = 10_000;
    /** The cloud nodes viewers are given, in order. */
    List<InetSocketAddress> viewerClouds = List.of(CLOUD);

    record Sent(InetSocketAddress from, InetSocketAddress to, byte[] data) {}

    private record Pending(InetSocketAddress viewer, long transaction) {}

    EndpointWorld(int maxViewers) {
        this(maxViewers, List.of(CLOUD));
    }

    /** With a scripted cloud at each of {@code clouds} (each its own node: own tokens and forward IDs). */
    EndpointWorld(int maxViewers, List<InetSocketAddress> clouds) {
        this(maxViewers, clouds, new CameraStream(1280, 720, 30, 640, 360));
    }

    /** A camera streaming {@code stream} (main and sub, or main only). */
    EndpointWorld(int maxViewers, List<InetSocketAddress> clouds, CameraStream stream) {
        camera = new CameraEndpoint(
                identity,
                clouds,
                new CameraHandshake.Access(Password.of(PASSWORD), pairings, UnpairedBudget.Limits.DEFAULTS, wall),
                List.of(Candidate.local(CAMERA)),
                stream,
                maxViewers,
                seeded(2),
                new SplittableRandom(3),
                SessionTimers.DEFAULT,
                now);
        for (InetSocketAddress cloud : clouds) {
            hosts.put(cloud, new ScriptedCloud());
        }
        hosts.put(CAMERA, camera);
        flush();
    }

    static SecureRandom seeded(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            return random;
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** A viewer at {@code address} that starts connecting now, with its own key, asking to pair. */
    ViewerEndpoint viewer(InetSocketAddress address, Password password, KeyPair key) {
        return viewer(address, password, key, List.of(Candidate.local(address)));
    }

    ViewerEndpoint viewer(InetSocketAddress address, Password password, KeyPair key, List<Candidate> candidates) {
        return viewer(address, CLOUD, password, key, candidates);
    }

    /**
     * A viewer on the camera's LAN that connects straight to {@code camera} (the address it found
     * announced), with no cloud in between (docs/PROTOCOL.md §10.8).
     */
    ViewerEndpoint directViewer(InetSocketAddress address, InetSocketAddress camera, Password password) {
        return viewer(
                address,
                camera,
                password,
                KeyPair.generate(seeded(address.getPort() + 7)),
                List.of(Candidate.local(address)));
    }

    ViewerEndpoint viewer(
            InetSocketAddress address,
            InetSocketAddress rendezvous,
            Password password,
            KeyPair key,
            List<Candidate> candidates) {
        SecureRandom random = seeded(address.getPort());
        ViewerEndpoint viewer = new ViewerEndpoint(
                identity.id(),
                rendezvous.equals(CLOUD) ? viewerClouds : List.of(rendezvous),
                password,
                "viewer " + address.getPort(),
                key,
                true,
                candidates,
                random,
                new SplittableRandom(address.getPort()),
                SessionTimers.DEFAULT,
                wall,
                now,
                now + viewerDeadlineMillis);
        hosts.put(address, viewer);
        viewerEvents.put(address, new ArrayList<>());
        flush();
        return viewer;
    }

    ViewerEndpoint viewer(InetSocketAddress address) {
        return viewer(address, Password.of(PASSWORD), KeyPair.generate(seeded(address.getPort() + 7)));
    }

    /** Delivers everything queued, repeatedly, until the network is quiet; collects the events. */
    void flush() {
        boolean moved = true;
        while (moved) {
            moved = false;
            for (Map.Entry<InetSocketAddress, DatagramEndpoint> host : List.copyOf(hosts.entrySet())) {
                Outgoing out;
                while ((out = host.getValue().pollTransmit()) != null) {
                    moved = true;
                    Sent sent = new Sent(host.getKey(), out.to(), out.data());
                    wire.add(sent);
                    DatagramEndpoint to = hosts.get(out.to());
                    if (to != null && !blocked.test(host.getKey(), out.to()) && !lost.test(sent)) {
                        to.handleDatagram(out.data(), 0, out.data().length, host.getKey(), now);
                    }
                }
            }
            CameraEvent cameraEvent;
            while ((cameraEvent = camera.pollEvent()) != null) {
                cameraEvents.add(cameraEvent);
            }
            for (Map.Entry<InetSocketAddress, List<ViewerEvent>> viewer : viewerEvents.entrySet()) {
                if (hosts.get(viewer.getKey()) instanceof ViewerEndpoint endpoint) {
                    ViewerEvent event;
                    while ((event = endpoint.pollEvent()) != null) {
                        viewer.getValue().add(event);
                    }
                }
            }
        }
    }

    /** Moves the clock to {@code until}, waking each endpoint at its timeouts on the way. */
    void runUntil(long until) {
        while (true) {
            long next = Long.MAX_VALUE;
            for (DatagramEndpoint host : hosts.values()) {
                next = Math.min(next, host.nextTimeout());
            }
            if (next > until) {
                now = until;
                return;
            }
            now = Math.max(now, next);
            for (DatagramEndpoint host : List.copyOf(hosts.values())) {
                if (host.nextTimeout() <= now) {
                    host.handleTimeout(now);
                }
            }
            flush();
        }
    }

    void advance(long millis) {
        runUntil(now + millis);
    }

    /** Sends one media packet from the camera to every live viewer. */
    void sendMedia(byte[] rtp) {
        camera.sendMedia(rtp, now);
        flush();
    }

    /** Sends one media packet of {@code stream} to every live viewer watching it. */
    void sendMedia(VideoStream stream, byte[] rtp) {
        camera.sendMedia(stream, rtp, now);
        flush();
    }

    <T extends CameraEvent> List<T> cameraEvents(Class<T> kind) {
        return cameraEvents.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    /**
     * The intact pictures a viewer received, in order, each numbered by its RTP timestamp / 3000
     * (these tests stamp the packet with sequence number n at n * 3000, one picture per packet).
     */
    List<Long> pictures(InetSocketAddress viewer) {
        return viewerEvents(viewer, ViewerEvent.Video.class).stream()
                .map(ViewerEvent.Video::event)
                .filter(AccessUnit.class::isInstance)
                .map(event -> ((AccessUnit) event).timestamp() / 3000)
                .toList();
    }

    <T extends ViewerEvent> List<T> viewerEvents(InetSocketAddress viewer, Class<T> kind) {
        return viewerEvents.get(viewer).stream()
                .filter(kind::isInstance)
                .map(kind::cast)
                .toList();
    }

    /** Just enough cloud: registration, lookup, and the connect exchange; a relay grant, but no relay. */
    private final class ScriptedCloud implements DatagramEndpoint {
        private final List<Outgoing> out = new ArrayList<>();
        private final Map<Long, Pending> forwards = new HashMap<>();
        private long nextForward = 1;

        @Override
        public void handleDatagram(byte[] data, int offset, int length, InetSocketAddress from, long now) {
            CloudMessage message;
            try {
                message = CloudCodec.decode(data, offset, length);
            } catch (CloudDecodeException e) {
                return;
            }
            switch (message) {
                case CloudMessage.RegisterHello hello ->
                    send(
                            from,
                            new CloudMessage.RegisterChallenge(
                                    hello.transaction(), Bytes.of(new byte[CloudCodec.COOKIE_BYTES])));
                case CloudMessage.Register register ->
                    send(
                            from,
                            new CloudMessage.Registered(
                                    register.transaction(),
                                    Candidate.reflexive(from),
                                    Bytes.of(TOKEN),
                                    20_000,
                                    65_000,
                                    0));
                case CloudMessage.Keepalive keepalive ->
                    send(from, new CloudMessage.KeepaliveAck(keepalive.transaction(), 20_000));
                case CloudMessage.Lookup lookup ->
                    send(
                            from,
                            new CloudMessage.LookupResult(
                                    lookup.transaction(),
                                    lieAboutTheKey
                                            ? CameraIdentity.generate(seeded(99))
                                                    .publicKey()
                                            : identity.publicKey()));
                case CloudMessage.ConnectRequest request -> {
                    long forward = nextForward++;
                    forwards.put(forward, new Pending(from, request.transaction()));
                    List<Candidate> candidates = new ArrayList<>();
                    candidates.add(Candidate.reflexive(from));
                    candidates.addAll(request.candidates());
                    candidates.addAll(injectedCandidates);
                    send(
                            CAMERA,
                            ForwardTag.seal(
                                    new CloudMessage.ConnectForward(
                                            forward, candidates, request.handshake(), relayGrant),
                                    FORWARD_KEY));
                }
                case CloudMessage.ConnectAnswer answer -> {
                    Pending pending = forwards.remove(answer.transaction());
                    if (pending != null) {
                        send(
                                pending.viewer(),
                                new CloudMessage.ConnectResult(
                                        pending.transaction(),
                                        answer.accept() ? ConnectStatus.ACCEPTED : ConnectStatus.REJECTED,
                                        answer.accept() ? resultCandidates() : List.of(),
                                        answer.handshake(),
                                        answer.accept() ? relayGrant : RelayGrant.NONE));
                    }
                }
                default -> {}
            }
        }

        private List<Candidate> resultCandidates() {
            List<Candidate> candidates = new ArrayList<>(List.of(Candidate.reflexive(CAMERA)));
            candidates.addAll(injectedResultCandidates);
            return candidates;
        }

        private void send(InetSocketAddress to, CloudMessage message) {
            out.add(new Outgoing(to, CloudCodec.encode(message)));
        }

        @Override
        public Outgoing pollTransmit() {
            return out.isEmpty() ? null : out.removeFirst();
        }

        @Override
        public long nextTimeout() {
            return Long.MAX_VALUE;
        }

        @Override
        public void handleTimeout(long now) {}
    }
}
