package io.p2pcam.cloud.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.CloudMessage.ConnectRequest;
import io.p2pcam.protocol.cloud.CloudPass;
import io.p2pcam.protocol.identity.CameraIdentity;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A viewer's repeat of a CONNECT_REQUEST that a cluster node handed over with a verified cloud pass
 * (docs/PROTOCOL.md §5.3, §5.6) is handed over again past the camera's cap without a second check:
 * only a retransmission of that request (the same pass tag) while its pass is fresh gets that; a
 * "repeat" under the same transaction with another tag, or one after the pass's window, is held by
 * the cap like a stranger's.
 */
class PassedRepeatTest {
    private static final InetSocketAddress VIEWER = new InetSocketAddress("198.51.100.99", 41000);

    private final InMemoryNetwork.CountingEvents events = new InMemoryNetwork.CountingEvents();
    private final SplittableRandom random = new SplittableRandom(3);
    private final Resumption resumption = Resumption.ephemeral(random.split(), 0);
    private final CameraIdentity camera = CameraIdentity.generate(new SecureRandom());
    private long now = 1_000_000;
    private long strangers;

    @Test
    void aRetransmissionOfAPassedRequestIsHandedOverAgainPastTheCameraCapThatStrangersSpent() {
        Rendezvous node = node(CloudConfig.defaults());
        ConnectRequest paired = PassedRequests.request(camera.id(), 1, now, passOf());
        assertThat(send(node, paired, VIEWER)).hasSize(1);
        now += 500; // the viewer's first retransmission (§5.4)
        spendTheCameraCap(node);

        assertThat(send(node, paired, VIEWER))
                .as("hand-overs of the viewer's retransmission")
                .hasSize(1);
    }

    @Test
    void aHundredReplaysOfAPassedRequestAreHandedOverPastTheCameraCapOnlyAsOftenAsThePassesResends() {
        Rendezvous node = node(CloudConfig.defaults());
        ConnectRequest paired = PassedRequests.request(camera.id(), 1, now, passOf());
        assertThat(send(node, paired, VIEWER)).hasSize(1);

        int handedOverAgain = 0;
        for (int i = 0; i < 100; i++) { // one every 50 ms: the request rate, inside the timeout + 1 s
            now += 50;
            node.handleTimeout(now);
            spendTheCameraCap(node); // any hand-over of the copy now is one the camera's cap did not allow
            handedOverAgain += send(node, paired, VIEWER).size();
        }

        assertThat(handedOverAgain)
                .as("hand-overs past the spent camera cap caused by 100 byte-for-byte copies")
                .isEqualTo(VerifiedPass.RESENDS);
    }

    @Test
    void aRepeatWithAnotherTagIsNotWavedThroughByThePassOfTheFirst() {
        Rendezvous node = node(CloudConfig.defaults());
        ConnectRequest paired = PassedRequests.request(camera.id(), 1, now, passOf());
        assertThat(send(node, paired, VIEWER)).hasSize(1);
        spendTheCameraCap(node);
        int capped = events.drops(DropReason.CAMERA_CONNECT_CAP);

        ConnectRequest forged = PassedRequests.withForgedTag(paired);

        assertThat(send(node, forged, VIEWER))
                .as("hand-overs of a request under the paired one's transaction with a forged tag")
                .isEmpty();
        assertThat(events.drops(DropReason.CAMERA_CONNECT_CAP)).isEqualTo(capped + 1);
    }

    @Test
    void aRetransmissionAfterItsPassLeftTheWindowIsHeldByTheCameraCapLikeAStrangers() {
        // A connect timeout longer than the pass's window (the command line allows an hour).
        CloudConfig defaults = CloudConfig.defaults();
        Rendezvous node = node(new CloudConfig(
                defaults.keepaliveInterval(),
                defaults.missedKeepalives(),
                defaults.challengeLifetime(),
                Duration.ofSeconds(10 * CloudPasses.WINDOW_SECONDS),
                defaults.registrationRate(),
                defaults.requestRate(),
                defaults.maxCameras(),
                defaults.maxPendingConnects(),
                defaults.relay(),
                defaults.quotas()));
        ConnectRequest paired = PassedRequests.request(camera.id(), 1, now, passOf());
        assertThat(send(node, paired, VIEWER)).hasSize(1);

        now += (CloudPasses.WINDOW_SECONDS + 1) * 1_000L;
        spendTheCameraCap(node);

        assertThat(send(node, paired, VIEWER))
                .as("hand-overs of a retransmission whose pass's handshake is %d s old", CloudPasses.WINDOW_SECONDS + 1)
                .isEmpty();
    }

    /** A cluster node that holds no camera; node A holds {@link #camera}. */
    private Rendezvous node(CloudConfig config) {
        Rendezvous node = new Rendezvous(config, random.split(), events, now, OwnAddresses.NONE, resumption);
        node.joinCluster("c:1");
        node.liveNodes(Set.of("a:1", "c:1"));
        return node;
    }

    private CloudPass passOf() {
        return PassedRequests.passOf(resumption, camera.id());
    }

    /** Strangers, each from an address of its own, take the camera's cap at the node until one is refused. */
    private void spendTheCameraCap(Rendezvous node) {
        int capped = events.drops(DropReason.CAMERA_CONNECT_CAP);
        while (events.drops(DropReason.CAMERA_CONNECT_CAP) == capped) {
            long n = strangers++;
            send(
                    node,
                    PassedRequests.request(camera.id(), 1_000 + n, now, null),
                    new InetSocketAddress("10.%d.%d.1".formatted(n / 250, n % 250), 43000));
        }
    }

    /** {@code request} from {@code from} into {@code node}: its hand-overs (A holds the camera). */
    private List<ClusterCommand.ForwardConnect> send(Rendezvous node, ConnectRequest request, InetSocketAddress from) {
        PassedRequests.send(node, request, from, now);
        List<ClusterCommand.ForwardConnect> handedOver = new ArrayList<>();
        for (ClusterCommand command = node.pollClusterCommand(); command != null; command = node.pollClusterCommand()) {
            switch (command) {
                case ClusterCommand.Resolve r ->
                    node.resolved(r.id(), new ClusterEntry(camera.publicKey(), List.of("a:1")), false, now);
                case ClusterCommand.ForwardConnect f -> handedOver.add(f);
                default -> {}
            }
        }
        while (node.pollTransmit() != null) {
            // what the viewers are told is not what this test looks at
        }
        return handedOver;
    }
}
