package io.p2pcam.cloud.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectForward;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectRequest;
import io.p2pcam.protocol.cloud.CloudMessage.Register;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterChallenge;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterHello;
import io.p2pcam.protocol.identity.CameraIdentity;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A recorded copy of a paired viewer's CONNECT_REQUEST sent to the other node of a two-node cluster
 * (docs/PROTOCOL.md §5.3, §5.6). That node has marks of its own, so the copy's pass may pass there;
 * but every request for the camera ends at the node holding it, which refuses what it has already
 * seen: across the cluster the copy causes no forward past the camera's cap (invariant 2).
 */
class PassReplayInClusterTest {
    private static final InetSocketAddress CAMERA = new InetSocketAddress("198.51.100.20", 40000);
    private static final InetSocketAddress VIEWER = new InetSocketAddress("198.51.100.99", 41000);
    private static final InetSocketAddress RECORDER = new InetSocketAddress("192.0.2.66", 45000);

    private final SplittableRandom random = new SplittableRandom(11);
    private final Resumption resumption = Resumption.ephemeral(random.split(), 0);
    private long now = 1_000_000;
    private final InMemoryNetwork.CountingEvents holderEvents = new InMemoryNetwork.CountingEvents();
    /** Holds the camera. */
    private final Rendezvous holder = node("a:1", holderEvents);
    /** The other node: holds nothing, hands requests for the camera to the holder. */
    private final Rendezvous other = node("c:1", new InMemoryNetwork.CountingEvents());

    private final Map<String, Rendezvous> nodes = Map.of("a:1", holder, "c:1", other);
    private final List<ConnectForward> forwards = new ArrayList<>();
    private final Map<InetSocketAddress, List<CloudMessage>> inbox = new HashMap<>();
    private CameraIdentity camera;
    private int strangers;

    @Test
    void aCopySentToTheOtherNodeFromAnotherAddressIsRefusedByTheHolder() throws Exception {
        camera = register();
        byte[] paired = pairedRequest();
        send(holder, paired, VIEWER);
        assertThat(viewerForwards()).isEqualTo(1);
        spendTheHoldersCameraCap();

        send(other, paired, RECORDER);

        assertThat(viewerForwards()).as("forwards of the viewer's request").isEqualTo(1);
        assertThat(holderEvents.passes.get(PassVerdict.STALE))
                .as("the holder's verdict on the copy handed over to it")
                .isEqualTo(1);
    }

    @Test
    void copiesSentToTheOtherNodeAtOnceCauseNoForwardPastTheHoldersCap() throws Exception {
        camera = register();
        byte[] paired = pairedRequest();
        send(holder, paired, VIEWER);
        assertThat(viewerForwards()).isEqualTo(1);
        now += 10;
        spendTheHoldersCameraCap();

        for (int i = 0; i < VerifiedPass.RESENDS; i++) {
            send(other, paired, VIEWER); // from the viewer's own address, spoofed
        }
        assertThat(viewerForwards())
                .as("forwards to the camera past its spent cap, caused by copies at once")
                .isEqualTo(1);

        now += 440; // the viewer's own first retransmission, at the earliest its backoff allows (§5.4)
        spendTheHoldersCameraCap();
        send(holder, paired, VIEWER);
        assertThat(viewerForwards())
                .as("the viewer's retransmission is still forwarded")
                .isEqualTo(2);
    }

    private Rendezvous node(String name, CloudEvents events) {
        Rendezvous core =
                new Rendezvous(CloudConfig.defaults(), random.split(), events, now, OwnAddresses.NONE, resumption);
        core.joinCluster(name);
        core.liveNodes(Set.of("a:1", "c:1"));
        return core;
    }

    private byte[] pairedRequest() {
        return CloudCodec.encode(
                PassedRequests.request(camera.id(), 1, now, PassedRequests.passOf(resumption, camera.id())));
    }

    /** Strangers, each from an address of its own, take the camera's cap at the holder until one is refused. */
    private void spendTheHoldersCameraCap() {
        int capped = holderEvents.drops(DropReason.CAMERA_CONNECT_CAP);
        while (holderEvents.drops(DropReason.CAMERA_CONNECT_CAP) == capped) {
            int n = strangers++;
            ConnectRequest stranger = PassedRequests.request(camera.id(), 1_000 + n, now, null);
            send(
                    holder,
                    CloudCodec.encode(stranger),
                    new InetSocketAddress("10.%d.%d.1".formatted(n / 250, n % 250), 43000));
        }
    }

    /** Forwards of the paired viewer's request (the first one the camera got), first and repeated. */
    private long viewerForwards() {
        long forwardId = forwards.getFirst().transaction();
        return forwards.stream().filter(f -> f.transaction() == forwardId).count();
    }

    /** HELLO, CHALLENGE, signed REGISTER with the holder. */
    private CameraIdentity register() throws Exception {
        CameraIdentity identity = CameraIdentity.generate(new SecureRandom());
        send(holder, CloudCodec.encode(new RegisterHello(10, identity.publicKey())), CAMERA);
        RegisterChallenge challenge = (RegisterChallenge) inbox.remove(CAMERA).getFirst();
        byte[] signed = CloudCodec.registerSignedBytes(11, identity.publicKey(), challenge.cookie(), List.of());
        Register register = new Register(
                11,
                identity.publicKey(),
                challenge.cookie(),
                List.of(),
                Bytes.of(identity.sign(signed, 0, signed.length)));
        send(holder, CloudCodec.encode(register), CAMERA);
        SignatureCheck check = holder.pollSignatureCheck();
        holder.signatureChecked(check, check.verify(), now);
        pump();
        inbox.clear();
        return identity;
    }

    private void send(Rendezvous node, byte[] datagram, InetSocketAddress from) {
        node.handleDatagram(datagram, 0, datagram.length, from, now);
        pump();
    }

    /** Carries datagrams and hand-overs until quiet; the registry says A holds the camera. */
    private void pump() {
        ClusterWires.pump(
                nodes,
                (node, core, command) -> {
                    if (command instanceof ClusterCommand.Resolve r) {
                        core.resolved(r.id(), new ClusterEntry(camera.publicKey(), List.of("a:1")), false, now);
                    } // the registry's writes are not what this test looks at
                },
                (to, message) -> {
                    if (to.equals(CAMERA) && message instanceof ConnectForward forward) {
                        forwards.add(forward);
                    } else {
                        inbox.computeIfAbsent(to, k -> new ArrayList<>()).add(message);
                    }
                },
                now);
    }
}
