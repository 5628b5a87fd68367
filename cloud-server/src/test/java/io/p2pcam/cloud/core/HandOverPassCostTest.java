package io.p2pcam.cloud.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectRequest;
import io.p2pcam.protocol.cloud.CloudPass;
import io.p2pcam.protocol.identity.CameraIdentity;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * What a cloud pass costs a cluster node that hands CONNECT_REQUESTs over (docs/PROTOCOL.md §5.3,
 * §5.6): each pass it checks is two HMACs and a SHA-256, counted in {@code connectPass}; a request
 * its party's quota refuses costs none (invariant 4: a forged pass costs the sender, not the node).
 */
class HandOverPassCostTest {
    private static final int FLOOD = 1_000;

    private final InMemoryNetwork.CountingEvents events = new InMemoryNetwork.CountingEvents();
    private final SplittableRandom random = new SplittableRandom(5);
    private final Resumption resumption = Resumption.ephemeral(random.split(), 0);
    /** Requests from one address as fast as the test sends them: only the party's quota refuses them. */
    private final CloudConfig config = CloudConfig.defaults()
            .withRates(new CloudConfig.RateLimit(20, 60), new CloudConfig.RateLimit(100_000, 100_000));

    private final long now = 1_000_000;
    private final Rendezvous node = new Rendezvous(config, random.split(), events, now, OwnAddresses.NONE, resumption);
    private final CameraIdentity camera = CameraIdentity.generate(new SecureRandom());
    private long transaction = 1;

    @Test
    void requestsOverTheirPartysQuotaAreRefusedBeforeTheirPassesAreChecked() {
        node.joinCluster("c:1");
        node.liveNodes(Set.of("a:1", "c:1"));
        CloudPass genuine = PassedRequests.passOf(resumption, camera.id());
        CloudPass forged = new CloudPass(genuine.id(), Bytes.of(new byte[CloudPass.KEY_BYTES]));
        int quota = config.quotas().pendingConnects().perAddress();

        send(forged, 1); // inside the quota: its pass is checked, and fails
        assertThat(events.passes)
                .as("passes checked for one request inside its quota")
                .isEqualTo(Map.of(PassVerdict.FORGED, 1));
        for (int i = 1; i < quota; i++) { // the party fills its quota of hand-overs awaiting a result
            send(null, 1 + i);
        }
        assertThat(events.drops(DropReason.PARTY_QUOTA)).isZero();

        for (int i = 0; i < FLOOD; i++) {
            send(forged, 10_000 + i);
        }

        assertThat(events.drops(DropReason.PARTY_QUOTA))
                .as("requests refused for the party's quota")
                .isEqualTo(FLOOD);
        assertThat(events.passes.values().stream().mapToInt(Integer::intValue).sum())
                .as("passes checked (two HMACs each) for %d requests over their party's quota", FLOOD)
                .isEqualTo(1);
    }

    /** A request for {@link #camera} from one viewer party (its port varies), tagged with {@code pass} unless null; A holds the camera. */
    private void send(CloudPass pass, int port) {
        ConnectRequest request = PassedRequests.request(camera.id(), transaction++, now, pass);
        PassedRequests.send(node, request, new InetSocketAddress("203.0.113.9", port), now);
        for (ClusterCommand command = node.pollClusterCommand(); command != null; command = node.pollClusterCommand()) {
            if (command instanceof ClusterCommand.Resolve resolve) {
                node.resolved(resolve.id(), new ClusterEntry(camera.publicKey(), List.of("a:1")), false, now);
            }
        }
        while (node.pollTransmit() != null) {
            // what the viewer is told is not what this test looks at
        }
    }
}
