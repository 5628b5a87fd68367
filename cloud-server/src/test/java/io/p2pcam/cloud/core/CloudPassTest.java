package io.p2pcam.cloud.core;

import static io.p2pcam.cloud.core.InMemoryNetwork.address;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.CameraRegistration;
import io.p2pcam.protocol.cloud.CameraRegistrationEvent;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectRequest;
import io.p2pcam.protocol.cloud.CloudPass;
import io.p2pcam.protocol.cloud.PassTag;
import io.p2pcam.protocol.pairing.Tai64n;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Cloud passes (docs/PROTOCOL.md §5.3): a paired viewer's CONNECT_REQUEST reaches its camera while
 * strangers hold the camera's connect cap, and what a pass is worth to anyone else.
 */
class CloudPassTest {
    private static final List<Candidate> LAN = List.of(Candidate.local(address("198.18.0.10", 32101)));
    private final InMemoryNetwork network = new InMemoryNetwork(CloudConfig.defaults());
    private final SimulatedCamera camera = new SimulatedCamera(network, address("198.51.100.20", 40001), LAN);
    private final Bytes viewerStaticKey = Bytes.of(
            new byte[] {7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7
            });
    private long transaction = 1;

    /** The pass the camera gives a paired viewer in its welcome, under the key the cloud sealed to it. */
    private CloudPass passOfPairedViewer() {
        Bytes cameraPassKey = camera.registration.cloudPassKey();
        assertThat(cameraPassKey.length()).isEqualTo(CloudPass.CAMERA_KEY_BYTES);
        return CloudPass.issue(cameraPassKey, viewerStaticKey);
    }

    /** A handshake envelope stamped {@code ageMillis} before the cloud's wall clock (the network's clock). */
    private Bytes handshake(long ageMillis) {
        byte[] blob = new byte[28 + 96];
        Tai64n.write((network.now - ageMillis) * 1_000_000 + transaction, blob, 0);
        blob[40] = (byte) transaction; // requests differ beyond their timestamp
        return Bytes.of(blob);
    }

    private ConnectRequest request(Bytes handshake, CloudPass pass) {
        ConnectRequest bare = new ConnectRequest(transaction++, camera.identity.id(), List.of(), handshake);
        if (!pass.present()) {
            return bare;
        }
        Bytes tag = CloudPass.tag(pass.key(), CloudCodec.passCoveredBytes(bare));
        return new ConnectRequest(
                bare.transaction(), bare.id(), bare.candidates(), bare.handshake(), new PassTag(pass.id(), tag));
    }

    private long forwards() {
        return camera.eventsOf(CameraRegistrationEvent.ConnectForwarded.class);
    }

    /** Strangers from as many addresses as it takes fill the camera's cap; the camera leaves them unanswered. */
    private void strangersFillTheCap() {
        camera.acceptForwards = null;
        for (int i = 0; i < CameraConnectCap.BURST + 20; i++) {
            InetSocketAddress stranger = address("203.0.113." + (1 + i % 200), 20_000 + i);
            network.sendToCloud(stranger, CloudCodec.encode(request(handshake(0), CloudPass.NONE)));
        }
        assertThat(network.events.drops(DropReason.CAMERA_CONNECT_CAP)).isEqualTo(20);
    }

    /** Strangers take what the camera's cap refilled until one is refused: the drops counted then. */
    private int strangersTakeTheRefill() {
        int capped = network.events.drops(DropReason.CAMERA_CONNECT_CAP);
        for (int i = 0; network.events.drops(DropReason.CAMERA_CONNECT_CAP) == capped; i++) {
            InetSocketAddress stranger = address("203.0.113." + (1 + i % 200), 30_000 + i);
            network.sendToCloud(stranger, CloudCodec.encode(request(handshake(0), CloudPass.NONE)));
        }
        return capped + 1;
    }

    @Test
    void theCameraOpensThePassKeyTheCloudDerivesForItAndKeepsItWhenItResumes() {
        assertThat(camera.registration.state()).isEqualTo(CameraRegistration.State.REGISTERED);
        Bytes derived = new CloudPasses(network.resumption.passSecret(), 0).cameraPassKey(camera.identity.id());
        assertThat(camera.registration.cloudPassKey()).isEqualTo(derived);

        network.restartCloud(CloudConfig.defaults(), network.resumption);
        network.advance(30_000); // the next keepalive finds the cloud restarted: the camera resumes
        assertThat(network.events.registrations.get(CloudEvents.RegistrationOutcome.RESUMED))
                .isEqualTo(1);
        assertThat(camera.registration.cloudPassKey()).isEqualTo(derived);
    }

    @Test
    void aPairedViewersRequestReachesTheCameraWhileStrangersHoldItsConnectCap() {
        strangersFillTheCap();
        long before = forwards();
        network.sendToCloud(
                address("198.51.100.99", 41000), CloudCodec.encode(request(handshake(0), passOfPairedViewer())));
        assertThat(forwards()).isEqualTo(before + 1);
        assertThat(network.events.passes.get(PassVerdict.PASSED)).isEqualTo(1);
    }

    @Test
    void aForgedACopiedOrAnOldPassOnlyLosesItsPriority() {
        strangersFillTheCap();
        CloudPass genuine = passOfPairedViewer();
        long before = forwards();
        InetSocketAddress attacker = address("198.51.100.66", 50000);

        CloudPass forged = new CloudPass(genuine.id(), Bytes.of(new byte[CloudPass.KEY_BYTES]));
        network.sendToCloud(attacker, CloudCodec.encode(request(handshake(0), forged)));
        byte[] copied = CloudCodec.encode(request(handshake(0), genuine));
        network.sendToCloud(address("198.51.100.99", 41000), copied);
        network.sendToCloud(attacker, copied); // the same bytes from another address: a new request
        network.sendToCloud(attacker, CloudCodec.encode(request(handshake(121_000), genuine)));

        assertThat(forwards()).isEqualTo(before + 1); // only the genuine first one
        assertThat(network.events.passes.get(PassVerdict.FORGED)).isEqualTo(1);
        assertThat(network.events.passes.get(PassVerdict.STALE)).isEqualTo(2);
        assertThat(network.events.drops(DropReason.CAMERA_CONNECT_CAP)).isEqualTo(20 + 3);
    }

    @Test
    void aRepeatUnderAPassedRequestsTransactionKeepsItsPassOnlyAsItsRetransmission() {
        strangersFillTheCap();
        InetSocketAddress viewer = address("198.51.100.99", 41000);
        ConnectRequest paired = request(handshake(0), passOfPairedViewer());
        network.sendToCloud(viewer, CloudCodec.encode(paired));
        network.advance(500); // the viewer's first retransmission is due (§5.4)
        int capped = strangersTakeTheRefill();
        network.sendToCloud(viewer, CloudCodec.encode(paired)); // its retransmission: forwarded again
        assertThat(network.events.drops(DropReason.CAMERA_CONNECT_CAP)).isEqualTo(capped);

        ConnectRequest otherTag = PassedRequests.withForgedTag(paired);
        network.sendToCloud(viewer, CloudCodec.encode(otherTag));

        assertThat(network.events.drops(DropReason.CAMERA_CONNECT_CAP))
                .as("repeats held by the camera's cap: the one with a forged tag")
                .isEqualTo(capped + 1);
        assertThat(network.events.passes.get(PassVerdict.PASSED)).isEqualTo(1);
    }

    @Test
    void onePassIsWorthFourRequestsAtOnceThenOneASecond() {
        strangersFillTheCap();
        CloudPass pass = passOfPairedViewer();
        long before = forwards();
        for (int i = 0; i < 10; i++) {
            network.sendToCloud(address("198.51.100.99", 41000 + i), CloudCodec.encode(request(handshake(0), pass)));
        }
        assertThat(forwards()).isEqualTo(before + CloudPasses.BURST);
        assertThat(network.events.passes.get(PassVerdict.OVER_RATE)).isEqualTo(10 - CloudPasses.BURST);

        network.advance(1_000);
        long later = forwards();
        network.sendToCloud(address("198.51.100.99", 42000), CloudCodec.encode(request(handshake(0), pass)));
        assertThat(forwards()).isEqualTo(later + 1);
    }

    @Test
    void aPassUnderAnotherCloudsSecretIsNoPassHere() {
        strangersFillTheCap();
        CloudPasses otherCloud = new CloudPasses(Bytes.of(new byte[32]), 0);
        CloudPass foreign = CloudPass.issue(otherCloud.cameraPassKey(camera.identity.id()), viewerStaticKey);
        long before = forwards();
        network.sendToCloud(address("198.51.100.99", 41000), CloudCodec.encode(request(handshake(0), foreign)));
        assertThat(forwards()).isEqualTo(before);
        assertThat(network.events.passes.get(PassVerdict.FORGED)).isEqualTo(1);
    }
}
