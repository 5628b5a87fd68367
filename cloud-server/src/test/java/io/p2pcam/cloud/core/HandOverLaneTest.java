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
import io.p2pcam.protocol.identity.CameraId;
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
 * A CONNECT_REQUEST handed from the node a viewer asked to the node holding the camera keeps the
 * lane it came over (decision 0061 §3): a viewer over TCP is served in a cluster while a flood
 * forged in its name holds its UDP lane on either node.
 */
class HandOverLaneTest {
    private static final InetSocketAddress VICTIM = new InetSocketAddress("198.51.100.7", 50000);
    private static final InetSocketAddress VICTIM_OVER_TCP = new InetSocketAddress("198.51.100.7", 50001);

    private final SplittableRandom random = new SplittableRandom(7);
    private final CloudConfig config = CloudConfig.defaults();
    private long now = 1_000_000;
    private final Rendezvous a = node("a:1");
    private final Rendezvous c = node("c:1");
    private final List<ConnectForward> forwardsToCameras = new ArrayList<>();
    private final List<CloudMessage> toCamera = new ArrayList<>();
    /** The registry: the cameras A published. */
    private final Map<CameraId, ClusterEntry> registry = new HashMap<>();

    private Rendezvous node(String name) {
        Rendezvous core = new Rendezvous(config, random.split(), CloudEvents.NONE, now);
        core.joinCluster(name, Rendezvous.PUBLISH_PERIOD_MILLIS, null);
        core.liveNodes(Set.of("a:1", "c:1"));
        return core;
    }

    private CameraIdentity registerWithA(InetSocketAddress at) throws Exception {
        CameraIdentity camera = CameraIdentity.generate(new SecureRandom());
        send(a, new RegisterHello(10, camera.publicKey()), at, Lane.UDP);
        RegisterChallenge challenge = (RegisterChallenge) toCamera.removeLast();
        byte[] signed = CloudCodec.registerSignedBytes(11, camera.publicKey(), challenge.cookie(), List.of());
        send(
                a,
                new Register(
                        11,
                        camera.publicKey(),
                        challenge.cookie(),
                        List.of(),
                        Bytes.of(camera.sign(signed, 0, signed.length))),
                at,
                Lane.UDP);
        SignatureCheck check = a.pollSignatureCheck();
        a.signatureChecked(check, check.verify(), now);
        pump();
        toCamera.clear();
        return camera;
    }

    @Test
    void aViewerOverTcpWhoseUdpLaneAFloodHoldsAtTheHoldingNodeIsServedThroughAnotherNode() throws Exception {
        // Straight to A: each forged request holds the victim's UDP quota at A for the connect timeout.
        assertThat(forwardedOverTcpThroughCAfterAFloodAt(a))
                .as("the victim's request over TCP, handed over by C, forwarded by A")
                .hasSize(1);
    }

    @Test
    void requestsForgedOverUdpAtTheNodeAViewerAsksDoNotHoldItsHandOversOverTcp() throws Exception {
        // Through C: each forged request is held at C as a hand-over awaiting A's result.
        assertThat(forwardedOverTcpThroughCAfterAFloodAt(c))
                .as("the victim's request over TCP, handed over by C despite the forged ones")
                .hasSize(1);
    }

    /**
     * Floods {@code node} over UDP in the victim's name with a pending-connect quota of requests
     * for a camera of A's that never answers, then has the victim ask C over TCP for another of
     * A's cameras: the forwards that reached the cameras since the flood.
     */
    private List<ConnectForward> forwardedOverTcpThroughCAfterAFloodAt(Rendezvous node) throws Exception {
        CameraIdentity silent = registerWithA(new InetSocketAddress("203.0.113.30", 40001));
        CameraIdentity wanted = registerWithA(new InetSocketAddress("203.0.113.20", 40001));
        for (int i = 0; i < config.quotas().pendingConnects().perAddress(); i++) {
            now += 50; // 20 a second, inside the victim's request rate
            send(node, request(1_000 + i, silent), VICTIM, Lane.UDP);
        }
        forwardsToCameras.clear();
        send(c, request(1, wanted), VICTIM_OVER_TCP, Lane.TCP);
        return forwardsToCameras;
    }

    private static ConnectRequest request(long transaction, CameraIdentity camera) {
        return new ConnectRequest(transaction, camera.id(), List.of(), Bytes.of(new byte[32]));
    }

    private void send(Rendezvous core, CloudMessage message, InetSocketAddress from, Lane lane) {
        byte[] data = CloudCodec.encode(message);
        core.handleDatagram(data, 0, data.length, new ClientAddress(from, lane), now);
        pump();
    }

    /** Carries the cores' datagrams and cluster commands, answering the registry as it holds A's cameras, until quiet. */
    private void pump() {
        ClusterWires.pump(
                Map.of("a:1", a, "c:1", c),
                (node, core, command) -> {
                    switch (command) {
                        case ClusterCommand.Publish p ->
                            registry.put(p.id(), new ClusterEntry(p.key(), List.of("a:1")));
                        case ClusterCommand.Resolve r -> core.resolved(r.id(), registry.get(r.id()), false, now);
                        default -> {}
                    }
                },
                (to, message) -> {
                    if (message instanceof ConnectForward forward) {
                        forwardsToCameras.add(forward);
                    }
                    toCamera.add(message);
                },
                now);
    }
}
