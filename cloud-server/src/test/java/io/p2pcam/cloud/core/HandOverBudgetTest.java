package io.p2pcam.cloud.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectRequest;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.identity.CameraPublicKey;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A clustered core hands CONNECT_REQUESTs for other nodes' cameras over through the registry's
 * pub/sub: each one a Redis message. Somebody who knows real foreign camera IDs must not turn that
 * into a flood of messages, however many cameras (each under its own connect cap) and sources.
 */
class HandOverBudgetTest {
    private static final int CAMERAS = 100;
    private static final int REQUESTS_PER_CAMERA = 40; // under the camera's connect burst

    private long now = 1_000_000;
    private final Rendezvous core =
            new Rendezvous(CloudConfig.defaults(), new SplittableRandom(3), CloudEvents.NONE, now);

    @Test
    void connectRequestsForManyForeignCamerasAreHandedOverNoFasterThanTheCoresBudget() {
        core.joinCluster("c:1");
        core.liveNodes(Set.of("a:1", "c:1"));
        List<CameraPublicKey> foreign = new ArrayList<>();
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < CAMERAS; i++) {
            CameraPublicKey key = CameraIdentity.generate(random).publicKey();
            foreign.add(key);
            core.resolved(key.id(), new ClusterEntry(key, List.of("a:1")), false, now); // cached here
        }

        int source = 0;
        for (int round = 0; round < REQUESTS_PER_CAMERA; round++) {
            for (CameraPublicKey camera : foreign) { // every request from an address of its own
                send(new ConnectRequest(source, camera.id(), List.of(), Bytes.of(new byte[] {1})), source++);
            }
        }
        int handedOver = 0;
        for (ClusterCommand command = core.pollClusterCommand(); command != null; command = core.pollClusterCommand()) {
            if (command instanceof ClusterCommand.ForwardConnect) {
                handedOver++;
            }
        }
        assertThat(handedOver)
                .as("hand-overs (Redis messages) for %d requests at once", CAMERAS * REQUESTS_PER_CAMERA)
                .isLessThanOrEqualTo(HandOverBudget.CORE_BURST);
    }

    private void send(ConnectRequest request, int source) {
        byte[] data = CloudCodec.encode(request);
        InetSocketAddress from = new InetSocketAddress(
                "10." + (source >> 16 & 0xff) + "." + (source >> 8 & 0xff) + "." + (source & 0xff), 40000);
        core.handleDatagram(data, 0, data.length, from, now);
    }
}
