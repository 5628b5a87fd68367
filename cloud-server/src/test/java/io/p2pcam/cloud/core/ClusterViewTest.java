package io.p2pcam.cloud.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectAnswer;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectForward;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectRequest;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectResult;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectStatus;
import io.p2pcam.protocol.cloud.CloudMessage.Lookup;
import io.p2pcam.protocol.cloud.CloudMessage.LookupResult;
import io.p2pcam.protocol.cloud.CloudMessage.Register;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterChallenge;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterHello;
import io.p2pcam.protocol.cloud.CloudMessage.Registered;
import io.p2pcam.protocol.cloud.RelayGrant;
import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.identity.CameraPublicKey;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Two cluster nodes' cores, A and C, on a fake clock with an in-memory registry and node links
 * (what {@code ClusterNode} and Redis do at the edge): a camera registered with A is found and
 * connected through C, A brokers (its per-camera cap counts requests through both nodes, and the
 * relay grant it gives a viewer that asked C names A's relay), registrations are published, refreshed at the publish
 * period rather than per keepalive, and withdrawn on expiry.
 */
class ClusterViewTest {
    private static final InetSocketAddress CAMERA = new InetSocketAddress("198.51.100.20", 40000);
    private static final InetSocketAddress VIEWER = new InetSocketAddress("203.0.113.9", 41000);

    private final SplittableRandom random = new SplittableRandom(7);
    private final CloudConfig config = CloudConfig.defaults().withRelay(RelayLimits.on());
    private long now = 1_000_000;
    /** A's public address, which it names in the grants of connects C hands it. */
    private static final InetSocketAddress A_PUBLIC = new InetSocketAddress("192.0.2.1", 32100);

    private final Rendezvous a = node("a:1", A_PUBLIC);
    private final Rendezvous c = node("c:1", null);
    private final Map<String, Rendezvous> nodes = Map.of("a:1", a, "c:1", c);
    /** The registry: which nodes hold each camera, and its key. */
    private final Map<CameraId, Set<String>> holders = new HashMap<>();

    private final Map<CameraId, CameraPublicKey> keys = new HashMap<>();
    private final List<ClusterCommand.Publish> published = new ArrayList<>();
    private final List<ClusterCommand.Withdraw> withdrawn = new ArrayList<>();
    /** Datagrams the cores sent, by destination. */
    private final Map<InetSocketAddress, List<CloudMessage>> inbox = new HashMap<>();

    private Rendezvous node(String name, InetSocketAddress relayAddress) {
        Rendezvous core = new Rendezvous(config, random.split(), CloudEvents.NONE, now);
        core.joinCluster(name, Rendezvous.PUBLISH_PERIOD_MILLIS, relayAddress);
        core.liveNodes(Set.of("a:1", "c:1"));
        return core;
    }

    @Test
    void aCameraRegisteredWithAIsFoundAndConnectedThroughC() throws Exception {
        CameraIdentity camera = register(a);
        assertThat(published).extracting(ClusterCommand.Publish::id).containsExactly(camera.id());

        send(c, new Lookup(1, camera.id()), VIEWER);
        pump();
        LookupResult found = (LookupResult) only(VIEWER);
        assertThat(found.key()).isEqualTo(camera.publicKey());

        ConnectRequest request = new ConnectRequest(
                2, camera.id(), List.of(Candidate.local(new InetSocketAddress("10.0.0.7", 5000))), Bytes.of(new byte[] {
                    9
                }));
        send(c, request, VIEWER);
        pump();
        ConnectForward forward = (ConnectForward) only(CAMERA);
        assertThat(forward.viewerCandidates().getFirst().address()).isEqualTo(VIEWER);
        assertThat(forward.relay().present())
                .as("the camera's grant, for A's relay")
                .isTrue();
        assertThat(forward.relay().relayNode()).isNull();

        send(
                a,
                new ConnectAnswer(forward.transaction(), camera.id(), token, true, List.of(), Bytes.of(new byte[] {8})),
                CAMERA);
        pump();
        ConnectResult result = (ConnectResult) only(VIEWER);
        assertThat(result.transaction()).isEqualTo(2);
        assertThat(result.status()).isEqualTo(ConnectStatus.ACCEPTED);
        assertThat(result.candidates().getFirst().address()).isEqualTo(CAMERA);
        assertThat(result.relay().ticket())
                .as("the viewer's grant: the same session as the camera's")
                .isEqualTo(forward.relay().ticket());
        assertThat(result.relay().relayNode())
                .as("the viewer asked C but sends its relay frames to A")
                .isEqualTo(A_PUBLIC);
        assertThat(a.relaySessions()).isEqualTo(1);
        assertThat(c.relaySessions()).isZero();

        send(c, request, VIEWER); // the viewer repeats: the same result, from C
        pump();
        assertThat(only(VIEWER)).isEqualTo(result);
    }

    @Test
    void aHoldingNodeWithNoPublicAddressToNameGivesNoRelayGrantForAConnectHandedToIt() throws Exception {
        CameraIdentity camera = register(c); // C joined without a relay address
        send(a, new ConnectRequest(3, camera.id(), List.of(), Bytes.of(new byte[] {1})), VIEWER);
        pump();
        ConnectForward forward = (ConnectForward) only(CAMERA);
        assertThat(forward.relay())
                .as("the viewer's frames would reach A, which holds no session")
                .isEqualTo(RelayGrant.NONE);
        assertThat(c.relaySessions()).isZero();
    }

    @Test
    void theCameraConnectCapOfTheHoldingNodeCountsRequestsThroughEveryNode() throws Exception {
        CameraIdentity camera = register(a);
        int forwards = 0;
        for (int i = 0; i < 300; i++) {
            Rendezvous through = i % 2 == 0 ? a : c;
            InetSocketAddress viewer = new InetSocketAddress("203.0.113." + (i % 200 + 1), 42000 + i);
            send(through, new ConnectRequest(i, camera.id(), List.of(), Bytes.of(new byte[] {1})), viewer);
            pump();
            forwards += inbox.getOrDefault(CAMERA, List.of()).size();
            inbox.clear();
        }
        assertThat(forwards)
                .as("forwards the camera got of 300 requests through two nodes")
                .isEqualTo(100);
    }

    @Test
    void oneViewerPartyHasNoMoreConnectsAwaitingAnotherNodeThanItsPendingConnectCap() throws Exception {
        CameraIdentity camera = register(a);
        int cap = config.quotas().pendingConnects().perAddress();
        // One IPv4 address inside its request rate; the holder answers none (its camera is silent).
        List<ClusterCommand.ForwardConnect> handedOver = new ArrayList<>();
        for (int i = 0; i < cap + 36; i++) {
            now += 25;
            InetSocketAddress port = new InetSocketAddress(VIEWER.getAddress(), 42000 + i);
            send(c, new ConnectRequest(100 + i, camera.id(), List.of(), Bytes.of(new byte[] {1})), port);
            handedOver.addAll(handOversAnsweringResolves(c));
        }
        assertThat(handedOver)
                .as("hand-overs awaiting a result for one party, as its pending connects on one node")
                .hasSize(cap);

        now += config.connectTimeout().toMillis() + ClusterView.HOP_MARGIN_MILLIS;
        c.handleTimeout(now); // the hand-overs time out: the party's share is free again
        send(c, new ConnectRequest(999, camera.id(), List.of(), Bytes.of(new byte[] {1})), VIEWER);
        assertThat(handOversAnsweringResolves(c)).hasSize(1);
    }

    @Test
    void aFloodAimedAtOneForeignCameraIsCappedAtTheNodeItReachesNotOnlyAtTheHolder() throws Exception {
        CameraIdentity camera = register(a);
        int handedOver = 0;
        for (int i = 0; i < 1_000; i++) { // a thousand sources, one request each, at one instant
            InetSocketAddress source = new InetSocketAddress("10.%d.%d.1".formatted(i / 250, i % 250), 43000);
            send(c, new ConnectRequest(i, camera.id(), List.of(), Bytes.of(new byte[] {1})), source);
            handedOver += handOversAnsweringResolves(c).size();
        }
        assertThat(handedOver)
                .as("hand-overs C keeps for one camera, which A's own cap would drop beyond its burst")
                .isEqualTo(CameraConnectCap.BURST);
        assertThat(c.pollTransmit()).as("dropped, not answered").isNull();
    }

    @Test
    void lookupsOfUnknownIdsFromManySourcesCostTheRegistryNoMoreThanTheNodesReadBudget() throws Exception {
        CameraIdentity known = register(a);
        send(c, new Lookup(1, known.id()), VIEWER); // looked up before the flood: in C's cache
        pump();
        inbox.clear();

        // Spoofed sources, each inside its limits, each asking for an ID nobody holds: one second.
        SplittableRandom ids = new SplittableRandom(3);
        int reads = 0;
        for (int i = 0; i < 20_000; i++) {
            if (i % 20 == 0) {
                now += 1;
            }
            byte[] id = new byte[CameraId.BYTES];
            ids.nextBytes(id);
            InetSocketAddress source =
                    new InetSocketAddress("10.%d.%d.%d".formatted(i >> 16, (i >> 8) & 255, i & 255), 44000);
            send(c, new Lookup(i, CameraId.fromBytes(id)), source);
            reads += registryReadsAnsweredMissing(c);
        }
        assertThat(reads)
                .as("registry reads for 20,000 lookups of unknown IDs in one second")
                .isLessThanOrEqualTo(RegistryReadBudget.CORE_BURST + RegistryReadBudget.CORE_PER_SECOND);
        drainTransmits(c);
        inbox.clear();

        send(c, new Lookup(2, known.id()), VIEWER);
        drainTransmits(c);
        assertThat(((LookupResult) only(VIEWER)).found())
                .as("a camera in the cache is still found: the flood spent reads, not the cache")
                .isTrue();
    }

    @Test
    void oneSourceLookingUpUnknownIdsAtItsRequestRateGetsOnlyItsShareOfRegistryReads() {
        SplittableRandom ids = new SplittableRandom(5);
        int reads = 0;
        for (int i = 0; i < 200; i++) { // 20 a second for 10 s: inside the request rate
            now += 50;
            byte[] id = new byte[CameraId.BYTES];
            ids.nextBytes(id);
            send(c, new Lookup(i, CameraId.fromBytes(id)), VIEWER);
            reads += registryReadsAnsweredMissing(c);
        }
        CloudConfig.RateLimit partyReads = RegistryReadBudget.perParty(config.requestRate());
        assertThat(reads)
                .as("registry reads one source bought with 200 lookups of unknown IDs in 10 s")
                .isLessThanOrEqualTo(partyReads.burst() + (int) partyReads.perSecond() * 10)
                .isGreaterThanOrEqualTo(partyReads.burst()); // 30 at once then 5 a second by default
    }

    /** Answers {@code core}'s registry reads "not there"; how many it asked for. */
    private int registryReadsAnsweredMissing(Rendezvous core) {
        int reads = 0;
        for (ClusterCommand command = core.pollClusterCommand(); command != null; command = core.pollClusterCommand()) {
            if (command instanceof ClusterCommand.Resolve r) {
                reads++;
                core.resolved(r.id(), null, false, now);
            }
        }
        return reads;
    }

    @Test
    void repeatedRequestsAreHandedOverAgainAtNoMoreThanTheCamerasConnectCap() throws Exception {
        CameraIdentity camera = register(a);
        List<InetSocketAddress> sources = new ArrayList<>();
        for (int i = 0; i < 2 * CameraConnectCap.BURST; i++) {
            sources.add(new InetSocketAddress("10.1.%d.%d".formatted(i / 250, i % 250 + 1), 45000));
        }
        int handedOver = 0;
        for (int round = 0; round < 20; round++) { // each source repeats its request 20 times a second
            for (int i = 0; i < sources.size(); i++) {
                send(c, new ConnectRequest(700 + i, camera.id(), List.of(), Bytes.of(new byte[] {1})), sources.get(i));
                handedOver += handOversAnsweringResolves(c).size(); // the holder does not answer
            }
            now += 50;
        }
        assertThat(handedOver)
                .as("messages to the holder in one second, first hand-overs and repeats together")
                .isLessThanOrEqualTo(CameraConnectCap.BURST + CameraConnectCap.PER_SECOND);
    }

    /** Takes {@code core}'s cluster commands, answering its registry reads; returns its hand-overs (not carried out). */
    private List<ClusterCommand.ForwardConnect> handOversAnsweringResolves(Rendezvous core) {
        List<ClusterCommand.ForwardConnect> handOvers = new ArrayList<>();
        for (ClusterCommand command = core.pollClusterCommand(); command != null; command = core.pollClusterCommand()) {
            switch (command) {
                case ClusterCommand.Resolve r ->
                    core.resolved(
                            r.id(), new ClusterEntry(keys.get(r.id()), List.copyOf(holders.get(r.id()))), false, now);
                case ClusterCommand.ForwardConnect f -> handOvers.add(f);
                default -> {}
            }
        }
        return handOvers;
    }

    @Test
    void aHolderFoundGoneIsPassedOverForTheCameraOtherHome() throws Exception {
        CameraIdentity camera = register(a);
        holders.get(camera.id()).clear();
        holders.get(camera.id()).addAll(List.of("b:1", "a:1")); // B first: it will not answer
        c.liveNodes(Set.of("a:1", "b:1", "c:1"));
        send(c, new ConnectRequest(5, camera.id(), List.of(), Bytes.of(new byte[] {1})), VIEWER);
        ClusterCommand.ForwardConnect toB = (ClusterCommand.ForwardConnect) resolveAndTake(c);
        assertThat(toB.node()).isEqualTo("b:1");

        c.nodeUnreachable("b:1", now); // the edge: the PUBLISH reached no subscriber
        ClusterCommand.ForwardConnect toA = (ClusterCommand.ForwardConnect) c.pollClusterCommand();
        assertThat(toA.node()).isEqualTo("a:1");
        assertThat(toA.exchange()).isEqualTo(toB.exchange());
    }

    @Test
    void aRegistryThatDoesNotAnswerMakesLookupsOfOtherNodesCamerasUnavailable() {
        CameraId unknown = CameraIdentity.generate(new SecureRandom()).id();
        send(c, new Lookup(3, unknown), VIEWER);
        assertThat(c.pollClusterCommand()).isEqualTo(new ClusterCommand.Resolve(unknown));
        now += ClusterView.RESOLVE_TIMEOUT_MILLIS;
        c.handleTimeout(now);
        drainTransmits(c);
        assertThat(((LookupResult) only(VIEWER)).found()).isFalse();
    }

    @Test
    void aLiveCameraIsRepublishedOncePerPublishPeriodAndWithdrawnWhenItExpires() throws Exception {
        CameraIdentity camera = register(a);
        published.clear();
        long start = now;
        while (now < start + Rendezvous.PUBLISH_PERIOD_MILLIS * 2 + 1_000) {
            now += Rendezvous.SWEEP_PERIOD_MILLIS;
            send(a, new CloudMessage.Keepalive(now, camera.id(), token), CAMERA);
            a.handleTimeout(now);
            pump();
            inbox.clear();
        }
        assertThat(published)
                .as("publishes in two publish periods of keepalives")
                .hasSize(2);

        now += config.expiry().toMillis() + 10_000; // the camera goes quiet
        for (int i = 0; i < Rendezvous.SWEEP_SLICES * 2; i++) {
            now += Rendezvous.SWEEP_PERIOD_MILLIS;
            a.handleTimeout(now);
        }
        pump();
        assertThat(withdrawn).extracting(ClusterCommand.Withdraw::id).contains(camera.id());
    }

    @Test
    void aCameraRegisteringAgainWithTheNodeThatHoldsItCostsTheRegistryNoWrite() throws Exception {
        CameraIdentity camera = register(a);
        for (int i = 0; i < 10; i++) { // its owner re-registers as fast as the registration rate allows
            now += 100;
            registerAgain(a, camera, i % 2 == 0 ? CAMERA : new InetSocketAddress("198.51.100.21", 40000 + i));
        }
        assertThat(published)
                .as("registry writes for one registration and ten repeats of it, some from a new address")
                .hasSize(1);
    }

    @Test
    void camerasWhoseRegistryWritesFailedAreWrittenAgainOnceAsTheyStandWhenTheRegistryAnswers() throws Exception {
        CameraIdentity camera = register(a);
        CameraId gone = CameraIdentity.generate(new SecureRandom()).id();
        published.clear();
        for (int i = 0; i < 3; i++) {
            a.registryWritesFailed(List.of(camera.id()), false);
        }
        a.registryWritesFailed(List.of(gone), false); // a withdrawal that failed
        pump();
        assertThat(published).isEmpty();

        a.registryAnswered(now);
        a.registryAnswered(now + 1_000);
        pump();
        assertThat(published).extracting(ClusterCommand.Publish::id).containsExactly(camera.id());
        assertThat(withdrawn).extracting(ClusterCommand.Withdraw::id).containsExactly(gone);
    }

    private Bytes token;

    /** HELLO, CHALLENGE, signed REGISTER, REGISTERED with node {@code at}. */
    private CameraIdentity register(Rendezvous at) throws Exception {
        return registerAgain(at, CameraIdentity.generate(new SecureRandom()), CAMERA);
    }

    /** {@link #register}, of {@code camera}, from {@code from}. */
    private CameraIdentity registerAgain(Rendezvous at, CameraIdentity camera, InetSocketAddress from)
            throws Exception {
        send(at, new RegisterHello(10, camera.publicKey()), from);
        pump();
        RegisterChallenge challenge = (RegisterChallenge) only(from);
        byte[] signed = CloudCodec.registerSignedBytes(11, camera.publicKey(), challenge.cookie(), List.of());
        send(
                at,
                new Register(
                        11,
                        camera.publicKey(),
                        challenge.cookie(),
                        List.of(),
                        Bytes.of(camera.sign(signed, 0, signed.length))),
                from);
        SignatureCheck check = at.pollSignatureCheck();
        at.signatureChecked(check, check.verify(), now);
        pump();
        token = ((Registered) only(from)).token();
        return camera;
    }

    /** Answers C's Resolve from the registry and returns the next command after it. */
    private ClusterCommand resolveAndTake(Rendezvous core) {
        ClusterCommand.Resolve resolve = (ClusterCommand.Resolve) core.pollClusterCommand();
        core.resolved(
                resolve.id(),
                new ClusterEntry(keys.get(resolve.id()), List.copyOf(holders.get(resolve.id()))),
                false,
                now);
        return core.pollClusterCommand();
    }

    /** Carries datagrams to the inboxes and cluster commands to the registry and the other node, until quiet. */
    private void pump() {
        ClusterWires.pump(
                nodes,
                (node, core, command) -> {
                    switch (command) {
                        case ClusterCommand.Publish p -> {
                            published.add(p);
                            holders.computeIfAbsent(p.id(), id -> new LinkedHashSet<>())
                                    .add(node);
                            keys.put(p.id(), p.key());
                        }
                        case ClusterCommand.Withdraw w -> {
                            withdrawn.add(w);
                            holders.getOrDefault(w.id(), new LinkedHashSet<>()).remove(node);
                        }
                        case ClusterCommand.Resolve r -> {
                            Set<String> held = holders.get(r.id());
                            core.resolved(
                                    r.id(),
                                    held == null || held.isEmpty()
                                            ? null
                                            : new ClusterEntry(keys.get(r.id()), List.copyOf(held)),
                                    false,
                                    now);
                        }
                        default -> throw new IllegalStateException("not a registry command: " + command);
                    }
                },
                this::deliver,
                now);
    }

    private void drainTransmits(Rendezvous core) {
        ClusterWires.drainTransmits(core, this::deliver);
    }

    private void deliver(InetSocketAddress to, CloudMessage message) {
        inbox.computeIfAbsent(to, k -> new ArrayList<>()).add(message);
    }

    /** The one message {@code to} got since the last call; fails otherwise. */
    private CloudMessage only(InetSocketAddress to) {
        List<CloudMessage> got = inbox.remove(to);
        assertThat(got).as("messages to %s", to).hasSize(1);
        return got.getFirst();
    }

    private void send(Rendezvous core, CloudMessage message, InetSocketAddress from) {
        byte[] data = CloudCodec.encode(message);
        core.handleDatagram(data, 0, data.length, from, now);
    }
}
