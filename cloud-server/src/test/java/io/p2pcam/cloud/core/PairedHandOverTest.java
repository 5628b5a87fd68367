package io.p2pcam.cloud.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectRequest;
import io.p2pcam.protocol.cloud.CloudPass;
import io.p2pcam.protocol.identity.CameraIdentity;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A cluster node's budget of hand-overs (docs/PROTOCOL.md §5.6) under a flood of strangers'
 * CONNECT_REQUESTs for cameras another node holds: a paired viewer, whose cloud pass verifies
 * (§5.3), is still handed over (invariant 4), and a pass that does not verify buys nothing.
 */
class PairedHandOverTest {
    private static final int CAMERAS = 30;
    /** Per camera: under its connect cap, so that only the node's budget stops the flood. */
    private static final int REQUESTS_PER_CAMERA = CameraConnectCap.BURST - 20;

    private final InMemoryNetwork.CountingEvents events = new InMemoryNetwork.CountingEvents();
    private final SplittableRandom random = new SplittableRandom(11);
    /** The wall clock is the core's clock (offset 0): a handshake stamped {@code now} is fresh. */
    private final Resumption resumption = Resumption.ephemeral(random.split(), 0);

    private long now = 1_000_000;
    private final Rendezvous node =
            new Rendezvous(CloudConfig.defaults(), random.split(), events, now, OwnAddresses.NONE, resumption);
    private final List<CameraIdentity> foreign = new ArrayList<>();
    private long transaction = 1;

    @BeforeEach
    void joinAndFlood() {
        node.joinCluster("c:1");
        node.liveNodes(Set.of("a:1", "c:1"));
        SecureRandom keys = new SecureRandom();
        for (int i = 0; i < CAMERAS; i++) {
            foreign.add(CameraIdentity.generate(keys));
        }
        // Strangers, each from its own address and inside every limit of its own, all at one instant.
        int source = 0;
        for (CameraIdentity camera : foreign) {
            for (int i = 0; i < REQUESTS_PER_CAMERA; i++, source++) {
                InetSocketAddress stranger =
                        new InetSocketAddress("10.%d.%d.1".formatted(source / 250, source % 250), 43000);
                send(request(camera, null), stranger);
                handOvers();
            }
        }
        assertThat(events.drops(DropReason.HAND_OVERS))
                .as("strangers' requests past the node's budget of hand-overs")
                .isPositive();
    }

    @Test
    void aPairedViewerIsHandedOverWhileAFloodOfStrangersHasSpentTheNodesBudget() {
        CameraIdentity camera = foreign.getFirst();
        int droppedBefore = events.drops(DropReason.HAND_OVERS);

        send(request(camera, passOf(camera)), new InetSocketAddress("198.51.100.99", 41000));

        assertThat(handOvers()).as("hand-overs of the paired viewer's request").hasSize(1);
        assertThat(events.drops(DropReason.HAND_OVERS)).isEqualTo(droppedBefore);
    }

    @Test
    void aPairedViewersRepeatIsHandedOverAgainWhileTheFloodGoesOn() {
        CameraIdentity camera = foreign.getFirst();
        InetSocketAddress viewer = new InetSocketAddress("198.51.100.99", 41000);
        byte[] paired = CloudCodec.encode(request(camera, passOf(camera)));
        node.handleDatagram(paired, 0, paired.length, viewer, now);
        assertThat(handOvers()).hasSize(1);

        now += 500; // the strangers spend what the budget regained meanwhile, then the viewer repeats
        for (int i = 0; i < 1_000; i++) {
            send(
                    request(foreign.get(1 + i % (CAMERAS - 1)), null),
                    new InetSocketAddress("10.200.%d.%d".formatted(i / 250, i % 250 + 1), 44000));
            handOvers();
        }
        node.handleDatagram(paired, 0, paired.length, viewer, now);

        assertThat(handOvers()).as("the repeat, handed over again").hasSize(1);
    }

    @Test
    void aForgedPassBuysNoPlaceInThePairedViewersLane() {
        CameraIdentity camera = foreign.getFirst();
        CloudPass genuine = passOf(camera);
        CloudPass forged = new CloudPass(genuine.id(), Bytes.of(new byte[CloudPass.KEY_BYTES]));
        int droppedBefore = events.drops(DropReason.HAND_OVERS);

        send(request(camera, forged), new InetSocketAddress("198.51.100.66", 50000));

        assertThat(handOvers()).as("hand-overs of a request with a forged pass").isEmpty();
        assertThat(events.drops(DropReason.HAND_OVERS)).isEqualTo(droppedBefore + 1);
    }

    private CloudPass passOf(CameraIdentity camera) {
        return PassedRequests.passOf(resumption, camera.id());
    }

    private ConnectRequest request(CameraIdentity camera, CloudPass pass) {
        return PassedRequests.request(camera.id(), transaction++, now, pass);
    }

    private void send(ConnectRequest request, InetSocketAddress from) {
        PassedRequests.send(node, request, from, now);
    }

    /** The node's hand-overs since the last call (not carried out), answering its registry reads: A holds every camera. */
    private List<ClusterCommand.ForwardConnect> handOvers() {
        List<ClusterCommand.ForwardConnect> handedOver = new ArrayList<>();
        for (ClusterCommand command = node.pollClusterCommand(); command != null; command = node.pollClusterCommand()) {
            switch (command) {
                case ClusterCommand.Resolve r -> {
                    CameraIdentity camera = foreign.stream()
                            .filter(c -> c.id().equals(r.id()))
                            .findFirst()
                            .orElseThrow();
                    node.resolved(r.id(), new ClusterEntry(camera.publicKey(), List.of("a:1")), false, now);
                }
                case ClusterCommand.ForwardConnect f -> handedOver.add(f);
                default -> {}
            }
        }
        while (node.pollTransmit() != null) {
            // answers to the strangers are not what this test looks at
        }
        return handedOver;
    }
}
