package io.p2pcam.cloud.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectRequest;
import io.p2pcam.protocol.cloud.CloudMessage.Lookup;
import io.p2pcam.protocol.cloud.CloudPass;
import io.p2pcam.protocol.identity.CameraId;
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
 * A cluster node's registry reads (docs/ADMIN.md "Running a cluster", PROTOCOL.md §5.3) under a
 * flood of LOOKUPs of made-up IDs, each from its own address and inside its limits: the flood
 * spends the core's budget of reads, and a paired viewer's CONNECT_REQUEST for a camera another
 * node holds, not in this node's cache, must still be resolved and handed over (invariant 4). Its
 * pass must be checked before the read, so it must not need the camera's key from that read.
 */
class PairedRegistryReadTest {
    private final InMemoryNetwork.CountingEvents events = new InMemoryNetwork.CountingEvents();
    private final SplittableRandom random = new SplittableRandom(17);
    private final Resumption resumption = Resumption.ephemeral(random.split(), 0);

    private long now = 1_000_000;
    private final Rendezvous node =
            new Rendezvous(CloudConfig.defaults(), random.split(), events, now, OwnAddresses.NONE, resumption);
    private final CameraIdentity camera = CameraIdentity.generate(new SecureRandom());
    private long transaction = 1;

    @BeforeEach
    void joinAndFloodTheReads() {
        node.joinCluster("c:1");
        node.liveNodes(Set.of("a:1", "c:1"));
        for (int source = 0; source < RegistryReadBudget.CORE_BURST + 200; source++) {
            byte[] any = new byte[CameraId.BYTES]; // any 15 bytes name an ID
            random.nextBytes(any);
            CameraId madeUp = CameraId.fromBytes(any);
            InetSocketAddress stranger =
                    new InetSocketAddress("10.%d.%d.1".formatted(source / 250, source % 250), 43000);
            byte[] lookup = CloudCodec.encode(new Lookup(transaction++, madeUp));
            node.handleDatagram(lookup, 0, lookup.length, stranger, now);
            handOvers(); // the registry knows none of them
        }
        assertThat(events.drops(DropReason.REGISTRY_READS))
                .as("LOOKUPs past the core's budget of registry reads")
                .isPositive();
    }

    @Test
    void aPairedViewersRequestIsResolvedAndHandedOverWhileTheFloodHasSpentTheReads() {
        int droppedBefore = events.drops(DropReason.REGISTRY_READS);

        PassedRequests.send(
                node,
                paired(PassedRequests.passOf(resumption, camera.id())),
                new InetSocketAddress("198.51.100.99", 41000),
                now);

        assertThat(handOvers()).as("hand-overs of the paired viewer's request").hasSize(1);
        assertThat(events.drops(DropReason.REGISTRY_READS)).isEqualTo(droppedBefore);
    }

    @Test
    void aForgedPassBuysNoRegistryRead() {
        CloudPass genuine = PassedRequests.passOf(resumption, camera.id());
        CloudPass forged = new CloudPass(genuine.id(), Bytes.of(new byte[CloudPass.KEY_BYTES]));
        int droppedBefore = events.drops(DropReason.REGISTRY_READS);

        PassedRequests.send(node, paired(forged), new InetSocketAddress("198.51.100.66", 50000), now);

        assertThat(handOvers()).as("hand-overs of a request with a forged pass").isEmpty();
        assertThat(events.drops(DropReason.REGISTRY_READS)).isEqualTo(droppedBefore + 1);
    }

    /** A request for {@link #camera} tagged with {@code pass}. */
    private ConnectRequest paired(CloudPass pass) {
        return PassedRequests.request(camera.id(), transaction++, now, pass);
    }

    /** The node's hand-overs since the last call, answering its registry reads: A holds {@link #camera} only. */
    private List<ClusterCommand.ForwardConnect> handOvers() {
        List<ClusterCommand.ForwardConnect> handedOver = new ArrayList<>();
        for (ClusterCommand command = node.pollClusterCommand(); command != null; command = node.pollClusterCommand()) {
            switch (command) {
                case ClusterCommand.Resolve r ->
                    node.resolved(
                            r.id(),
                            r.id().equals(camera.id()) ? new ClusterEntry(camera.publicKey(), List.of("a:1")) : null,
                            false,
                            now);
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
