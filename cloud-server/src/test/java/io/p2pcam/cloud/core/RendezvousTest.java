package io.p2pcam.cloud.core;

import static io.p2pcam.cloud.core.InMemoryNetwork.address;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.cloud.core.CloudEvents.ConnectOutcome;
import io.p2pcam.cloud.core.CloudEvents.RegistrationOutcome;
import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.CameraRegistration;
import io.p2pcam.protocol.cloud.CameraRegistrationEvent;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectRequest;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectResult;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectStatus;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorCode;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorReply;
import io.p2pcam.protocol.cloud.CloudMessage.Keepalive;
import io.p2pcam.protocol.cloud.CloudMessage.Lookup;
import io.p2pcam.protocol.cloud.CloudMessage.LookupResult;
import io.p2pcam.protocol.cloud.CloudMessage.Register;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterChallenge;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterHello;
import io.p2pcam.protocol.cloud.ConnectAttemptEvent;
import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraIdentity;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RendezvousTest {
    private static final List<Candidate> LAN = List.of(Candidate.local(address("198.18.0.10", 32101)));
    private final InMemoryNetwork network = new InMemoryNetwork(CloudConfig.defaults());
    private final InetSocketAddress cameraAddress = address("198.51.100.20", 40001);
    private final InetSocketAddress attackerAddress = address("198.51.100.66", 50000);

    private SimulatedCamera registeredCamera() {
        SimulatedCamera camera = new SimulatedCamera(network, cameraAddress, LAN);
        assertThat(camera.registration.state()).isEqualTo(CameraRegistration.State.REGISTERED);
        return camera;
    }

    private LookupResult lookUpFrom(InetSocketAddress from, CameraId id) {
        network.sendToCloud(from, CloudCodec.encode(new Lookup(77, id)));
        return (LookupResult) lastTo(from);
    }

    private CloudMessage lastTo(InetSocketAddress to) {
        List<InMemoryNetwork.Delivered> delivered =
                network.toStrangers.stream().filter(d -> d.to().equals(to)).toList();
        return delivered.isEmpty() ? null : delivered.get(delivered.size() - 1).message();
    }

    @Test
    void aCameraRegistersInOneRoundTripAfterTheChallengeAndIsFound() {
        SimulatedCamera camera = registeredCamera();
        CameraRegistrationEvent.Registered registered = (CameraRegistrationEvent.Registered) camera.events.get(0);
        assertThat(registered.reflexive().address()).isEqualTo(cameraAddress);
        assertThat(network.cloud.camerasOnline()).isEqualTo(1);
        LookupResult result = lookUpFrom(address("198.51.100.99", 41000), camera.identity.id());
        assertThat(result.found()).isTrue();
        assertThat(camera.identity.id().matches(result.key())).isTrue();
    }

    @Test
    void retransmittedRequestsReachTheCameraAtNoMoreThanItsConnectCap() {
        SimulatedCamera camera = registeredCamera();
        camera.acceptForwards = null; // busy: it answers nobody, so every request stays pending
        List<InetSocketAddress> sources = new java.util.ArrayList<>();
        List<byte[]> requests = new java.util.ArrayList<>();
        for (int i = 0; i < 2 * CameraConnectCap.BURST; i++) {
            sources.add(address("203.0.113." + (1 + i % 200), 20_000 + i));
            requests.add(CloudCodec.encode(
                    new ConnectRequest(500 + i, camera.identity.id(), List.of(), Bytes.of(new byte[] {1}))));
        }
        long forwardsBefore = forwardsTo(cameraAddress);
        for (int round = 0; round < 20; round++) { // each source repeats its request 20 times a second
            for (int i = 0; i < sources.size(); i++) {
                network.sendToCloud(sources.get(i), requests.get(i));
            }
            network.advance(50);
        }
        assertThat(network.events.drops(DropReason.RATE_LIMITED)).isZero();
        assertThat(forwardsTo(cameraAddress) - forwardsBefore)
                .as("forwards the camera got in one second, first sends and repeats together")
                .isLessThanOrEqualTo(CameraConnectCap.BURST + CameraConnectCap.PER_SECOND);
    }

    private long forwardsTo(InetSocketAddress to) {
        return network.sentByCloud.stream()
                .filter(d -> d.to().equals(to) && d.message() instanceof CloudMessage.ConnectForward)
                .count();
    }

    @Test
    void keepalivesHoldARegistrationForAsLongAsTheCameraLives() {
        SimulatedCamera camera = registeredCamera();
        network.advance(Duration.ofMinutes(30).toMillis());
        assertThat(camera.registration.state()).isEqualTo(CameraRegistration.State.REGISTERED);
        assertThat(camera.eventsOf(CameraRegistrationEvent.Lost.class)).isZero();
        assertThat(network.cloud.camerasOnline()).isEqualTo(1);
    }

    @Test
    void registrationExpiresAfterThreeMissedKeepalives() {
        SimulatedCamera camera = registeredCamera();
        camera.online = false;
        network.advance(55_000); // two intervals of silence, and some: still registered
        assertThat(lookUpFrom(address("198.51.100.99", 41000), camera.identity.id())
                        .found())
                .isTrue();
        network.advance(25_000); // past 3 x 20 s + 5 s grace since the last keepalive
        assertThat(lookUpFrom(address("198.51.100.99", 41000), camera.identity.id())
                        .found())
                .isFalse();
        assertThat(network.events.registrations.get(RegistrationOutcome.EXPIRED))
                .isEqualTo(1);
        assertThat(network.cloud.camerasOnline()).isZero();
    }

    @Test
    void theSweepRemovesExpiredCamerasThatNobodyAsksFor() {
        SimulatedCamera camera = registeredCamera();
        camera.online = false;
        network.advance(90_000);
        assertThat(network.cloud.camerasOnline()).isZero();
        assertThat(network.events.online).isZero();
    }

    @Test
    void aForgedRegistrationForALiveIdIsRefusedAndTheRealCameraStaysRegistered() {
        SimulatedCamera camera = registeredCamera();
        CameraIdentity attacker = CameraIdentity.generate(new SecureRandom());
        network.advance(1_000); // a cookie newer than the camera's, so the signature is what refuses it
        // The attacker knows the victim's public key (anyone can look it up) and gets a real challenge for it.
        network.sendToCloud(attackerAddress, CloudCodec.encode(new RegisterHello(5, camera.identity.publicKey())));
        RegisterChallenge challenge = (RegisterChallenge) lastTo(attackerAddress);
        byte[] signed = CloudCodec.registerSignedBytes(5, camera.identity.publicKey(), challenge.cookie(), List.of());
        Register forged = new Register(
                5,
                camera.identity.publicKey(),
                challenge.cookie(),
                List.of(),
                Bytes.of(attacker.sign(signed, 0, signed.length)));
        network.sendToCloud(attackerAddress, CloudCodec.encode(forged));

        assertThat(network.events.drops(DropReason.BAD_SIGNATURE)).isEqualTo(1);
        assertThat(lastTo(attackerAddress)).isInstanceOf(RegisterChallenge.class); // no REGISTERED for the attacker
        LookupResult result = lookUpFrom(address("198.51.100.99", 41000), camera.identity.id());
        assertThat(result.key()).isEqualTo(camera.identity.publicKey());
        network.advance(60_000);
        assertThat(camera.registration.state()).isEqualTo(CameraRegistration.State.REGISTERED);
        assertThat(network.events.registrations.get(RegistrationOutcome.MOVED)).isNull();
    }

    @Test
    void aReplayedRegisterFromAnotherAddressFailsItsCookie() {
        CameraIdentity victim = CameraIdentity.generate(new SecureRandom());
        network.sendToCloud(cameraAddress, CloudCodec.encode(new RegisterHello(9, victim.publicKey())));
        RegisterChallenge challenge = (RegisterChallenge) lastTo(cameraAddress);
        byte[] signed = CloudCodec.registerSignedBytes(9, victim.publicKey(), challenge.cookie(), List.of());
        byte[] register = CloudCodec.encode(new Register(
                9, victim.publicKey(), challenge.cookie(), List.of(), Bytes.of(victim.sign(signed, 0, signed.length))));

        network.sendToCloud(attackerAddress, register); // captured and replayed elsewhere
        assertThat(network.events.drops(DropReason.BAD_COOKIE)).isEqualTo(1);
        assertThat(network.cloud.camerasOnline()).isZero();

        network.sendToCloud(cameraAddress, register); // the genuine one still works
        assertThat(network.cloud.camerasOnline()).isEqualTo(1);
    }

    @Test
    void aStaleChallengeIsRefusedWithAnErrorTheCameraUnderstands() {
        CameraIdentity camera = CameraIdentity.generate(new SecureRandom());
        network.sendToCloud(cameraAddress, CloudCodec.encode(new RegisterHello(9, camera.publicKey())));
        RegisterChallenge challenge = (RegisterChallenge) lastTo(cameraAddress);
        network.advance(31_000);
        byte[] signed = CloudCodec.registerSignedBytes(9, camera.publicKey(), challenge.cookie(), List.of());
        network.sendToCloud(
                cameraAddress,
                CloudCodec.encode(new Register(
                        9,
                        camera.publicKey(),
                        challenge.cookie(),
                        List.of(),
                        Bytes.of(camera.sign(signed, 0, signed.length)))));
        assertThat(lastTo(cameraAddress)).isEqualTo(new ErrorReply(9, ErrorCode.CHALLENGE_EXPIRED));
        assertThat(network.events.drops(DropReason.COOKIE_EXPIRED)).isEqualTo(1);
    }

    @Test
    void aKeepaliveWithAWrongTokenIsToldNotRegisteredButASpooferCannotUnregisterTheCamera() {
        SimulatedCamera camera = registeredCamera();
        network.sendToCloud(
                cameraAddress, CloudCodec.encode(new Keepalive(3, camera.identity.id(), Bytes.of(new byte[16]))));
        assertThat(network.events.drops(DropReason.WRONG_TOKEN)).isEqualTo(1);
        assertThat(network.sentByCloud.getLast())
                .isEqualTo(new InMemoryNetwork.Delivered(cameraAddress, new ErrorReply(3, ErrorCode.NOT_REGISTERED)));
        // The camera ignores an error whose transaction is not its own: spoofing its address achieves nothing.
        assertThat(camera.registration.state()).isEqualTo(CameraRegistration.State.REGISTERED);
        assertThat(camera.eventsOf(CameraRegistrationEvent.Lost.class)).isZero();
    }

    @Test
    void aCameraWhoseAddressChangedRegistersAgainFromTheNewOne() {
        SimulatedCamera camera = registeredCamera();
        InetSocketAddress rebound = address("198.51.100.20", 40777);
        camera.moveTo(rebound);
        network.advance(25_000); // next keepalive comes from the new address, the cloud asks for a new registration
        assertThat(network.events.drops(DropReason.WRONG_SOURCE)).isEqualTo(1);
        assertThat(network.events.registrations.get(RegistrationOutcome.MOVED)).isEqualTo(1);
        assertThat(camera.registration.registration().reflexive().address()).isEqualTo(rebound);
    }

    @Test
    void aRestartedCloudIsRepopulatedAtTheCamerasNextKeepalive() {
        SimulatedCamera camera = registeredCamera();
        network.restartCloud(CloudConfig.defaults());
        assertThat(network.cloud.camerasOnline()).isZero();
        network.advance(25_000);
        assertThat(network.cloud.camerasOnline()).isEqualTo(1);
        assertThat(camera.eventsOf(CameraRegistrationEvent.Lost.class)).isEqualTo(1);
        assertThat(camera.eventsOf(CameraRegistrationEvent.Registered.class)).isEqualTo(2);
    }

    @Test
    void aCameraKeepsTryingWhileTheCloudIsDownAndIsBackWithinSevenSecondsOfItsReturn() {
        SimulatedCamera camera = registeredCamera();
        camera.online = false; // the cloud is unreachable: nothing gets through either way
        network.advance(120_000);
        assertThat(camera.eventsOf(CameraRegistrationEvent.Lost.class)).isEqualTo(1);
        assertThat(camera.registration.state()).isNotEqualTo(CameraRegistration.State.REGISTERED);
        network.restartCloud(CloudConfig.defaults());
        camera.online = true;
        // Worst case: the last HELLO retransmission's wait (2.2 s) and then a backoff (4.8 s).
        network.advance(7_000);
        assertThat(camera.registration.state()).isEqualTo(CameraRegistration.State.REGISTERED);
        assertThat(network.cloud.camerasOnline()).isEqualTo(1);
    }

    @Test
    void unknownAndOfflineCamerasGetTheSameAnswer() {
        SimulatedCamera camera = registeredCamera();
        camera.online = false;
        network.advance(90_000);
        InetSocketAddress viewer = address("198.51.100.99", 41000);
        network.sendToCloud(viewer, CloudCodec.encode(new Lookup(1, camera.identity.id())));
        byte[] offline = CloudCodec.encode(lastTo(viewer));
        network.sendToCloud(
                viewer,
                CloudCodec.encode(new Lookup(
                        1, CameraIdentity.generate(new SecureRandom()).id())));
        byte[] unknown = CloudCodec.encode(lastTo(viewer));
        assertThat(offline).isEqualTo(unknown);
    }

    @Test
    void anAcceptedConnectGivesTheViewerTheCamerasCandidatesReflexiveFirst() {
        SimulatedCamera camera = registeredCamera();
        SimulatedViewer viewer = new SimulatedViewer(network, address("198.51.100.99", 41000));
        ConnectAttemptEvent outcome = viewer.connect(camera.identity.id());
        assertThat(outcome).isInstanceOf(ConnectAttemptEvent.Accepted.class);
        ConnectAttemptEvent.Accepted accepted = (ConnectAttemptEvent.Accepted) outcome;
        assertThat(accepted.candidates()).containsExactly(Candidate.reflexive(cameraAddress), LAN.get(0));
        assertThat(accepted.handshake()).isEqualTo(Bytes.of("welcome".getBytes(UTF_8)));
        CameraRegistrationEvent.ConnectForwarded forward = camera.events.stream()
                .filter(CameraRegistrationEvent.ConnectForwarded.class::isInstance)
                .map(CameraRegistrationEvent.ConnectForwarded.class::cast)
                .findFirst()
                .orElseThrow();
        assertThat(forward.viewerCandidates().get(0)).isEqualTo(Candidate.reflexive(viewer.address));
        assertThat(forward.handshake()).isEqualTo(Bytes.of("hello camera".getBytes(UTF_8)));
    }

    @Test
    void aRejectedConnectRevealsNothingOfWhereTheCameraIs() {
        SimulatedCamera camera = registeredCamera();
        camera.acceptForwards = false;
        SimulatedViewer viewer = new SimulatedViewer(network, address("198.51.100.99", 41000));
        assertThat(viewer.connect(camera.identity.id()))
                .isEqualTo(new ConnectAttemptEvent.Rejected(Bytes.of("go away".getBytes(UTF_8))));
        assertThat(network.events.connects.get(ConnectOutcome.REJECTED)).isEqualTo(1);
    }

    @Test
    void aCameraThatDoesNotAnswerMakesTheConnectUnavailableAfterTheTimeout() {
        SimulatedCamera camera = registeredCamera();
        camera.acceptForwards = null;
        SimulatedViewer viewer = new SimulatedViewer(network, address("198.51.100.99", 41000));
        viewer.connect(camera.identity.id());
        network.advance(5_500);
        assertThat(viewer.last()).isInstanceOf(ConnectAttemptEvent.Unavailable.class);
        assertThat(network.events.connects.get(ConnectOutcome.TIMED_OUT)).isEqualTo(1);
    }

    @Test
    void aRepeatedConnectRequestIsForwardedOnceAndAnsweredWithTheSameResult() {
        SimulatedCamera camera = registeredCamera();
        InetSocketAddress viewer = address("198.51.100.99", 41000);
        byte[] request =
                CloudCodec.encode(new ConnectRequest(11, camera.identity.id(), List.of(), Bytes.of(new byte[40])));
        network.sendToCloud(viewer, request);
        CloudMessage first = lastTo(viewer);
        network.sendToCloud(viewer, request);
        assertThat(lastTo(viewer)).isEqualTo(first);
        assertThat(((ConnectResult) first).status()).isEqualTo(ConnectStatus.ACCEPTED);
        assertThat(camera.eventsOf(CameraRegistrationEvent.ConnectForwarded.class))
                .isEqualTo(1);
        assertThat(network.events.connects.get(ConnectOutcome.RETRANSMITTED)).isEqualTo(1);
    }

    @Test
    void anAnswerMustComeFromTheRegisteredCameraWithItsToken() {
        SimulatedCamera camera = registeredCamera();
        camera.acceptForwards = null;
        InetSocketAddress viewer = address("198.51.100.99", 41000);
        network.sendToCloud(
                viewer, CloudCodec.encode(new ConnectRequest(11, camera.identity.id(), List.of(), Bytes.EMPTY)));
        long forwardId = camera.events.stream()
                .filter(CameraRegistrationEvent.ConnectForwarded.class::isInstance)
                .map(e -> ((CameraRegistrationEvent.ConnectForwarded) e).forwardId())
                .findFirst()
                .orElseThrow();
        Bytes token = camera.registration.registration().token();
        var answer =
                new CloudMessage.ConnectAnswer(forwardId, camera.identity.id(), token, true, List.of(), Bytes.EMPTY);
        network.sendToCloud(attackerAddress, CloudCodec.encode(answer));
        var wrongToken = new CloudMessage.ConnectAnswer(
                forwardId, camera.identity.id(), Bytes.of(new byte[16]), true, List.of(), Bytes.EMPTY);
        network.sendToCloud(cameraAddress, CloudCodec.encode(wrongToken));
        var otherCamera = new CloudMessage.ConnectAnswer(
                forwardId, CameraIdentity.generate(new SecureRandom()).id(), token, true, List.of(), Bytes.EMPTY);
        network.sendToCloud(cameraAddress, CloudCodec.encode(otherCamera));

        assertThat(network.events.drops(DropReason.WRONG_SOURCE)).isEqualTo(1);
        assertThat(network.events.drops(DropReason.WRONG_TOKEN)).isEqualTo(1);
        assertThat(network.events.drops(DropReason.UNKNOWN_FORWARD)).isEqualTo(1);
        assertThat(lastTo(viewer)).isNull(); // nothing reached the viewer: it learns no address

        camera.registration.answer(forwardId, true, LAN, Bytes.EMPTY);
        camera.flush();
        assertThat(((ConnectResult) lastTo(viewer)).status()).isEqualTo(ConnectStatus.ACCEPTED);
    }

    @Test
    void aRegistrationFloodFromOneAddressIsRateLimitedWithOneErrorASecond() {
        CameraIdentity camera = CameraIdentity.generate(new SecureRandom());
        byte[] hello = CloudCodec.encode(new RegisterHello(1, camera.publicKey()));
        for (int i = 0; i < 1000; i++) {
            network.sendToCloud(attackerAddress, hello);
        }
        long challenges = network.toStrangers.stream()
                .filter(d -> d.message() instanceof RegisterChallenge)
                .count();
        long errors = network.toStrangers.stream()
                .filter(d -> d.message() instanceof ErrorReply)
                .count();
        assertThat(challenges).isEqualTo(60); // the burst
        assertThat(errors).isEqualTo(1);
        assertThat(network.events.drops(DropReason.RATE_LIMITED)).isEqualTo(940);
        network.advance(1_000);
        network.sendToCloud(attackerAddress, hello);
        assertThat(network.toStrangers.stream()
                        .filter(d -> d.message() instanceof RegisterChallenge)
                        .count())
                .isEqualTo(61);
        // Another address is not affected.
        network.sendToCloud(cameraAddress, hello);
        assertThat(lastTo(cameraAddress)).isInstanceOf(RegisterChallenge.class);
    }

    @Test
    void lookupsAreRateLimitedPerSourceSoIdsCannotBeEnumerated() {
        for (int i = 0; i < 200; i++) {
            network.sendToCloud(attackerAddress, CloudCodec.encode(new Lookup(i, CameraId.fromBytes(new byte[] {
                (byte) i, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14
            }))));
        }
        assertThat(network.toStrangers.stream()
                        .filter(d -> d.message() instanceof LookupResult)
                        .count())
                .isEqualTo(60);
        assertThat(network.events.drops(DropReason.RATE_LIMITED)).isEqualTo(140);
    }

    @Test
    void garbageAndTruncatedMessagesAreCountedAndNeverAnswered() {
        SimulatedCamera camera = registeredCamera();
        SplittableRandom random = new SplittableRandom(7);
        List<byte[]> valid = List.of(
                CloudCodec.encode(new RegisterHello(1, camera.identity.publicKey())),
                CloudCodec.encode(new Keepalive(2, camera.identity.id(), Bytes.of(new byte[16]))),
                CloudCodec.encode(new Lookup(3, camera.identity.id())),
                CloudCodec.encode(new ConnectRequest(4, camera.identity.id(), LAN, Bytes.of(new byte[100]))));
        int before = network.events.totalDrops();
        for (int i = 0; i < 10_000; i++) {
            byte[] datagram;
            if (i % 2 == 0) {
                datagram = new byte[random.nextInt(0, 1400)];
                random.nextBytes(datagram);
            } else {
                byte[] whole = valid.get(random.nextInt(valid.size()));
                datagram = Arrays.copyOf(whole, random.nextInt(whole.length));
            }
            network.sendToCloud(attackerAddress, datagram);
        }
        assertThat(network.events.totalDrops() - before).isEqualTo(10_000);
        assertThat(network.toStrangers).isEmpty();
        assertThat(network.cloud.camerasOnline()).isEqualTo(1);
        network.advance(60_000);
        assertThat(camera.registration.state()).isEqualTo(CameraRegistration.State.REGISTERED);
    }

    @Test
    void messagesOnlyTheCloudSendsAreDroppedAsWrongDirection() {
        network.sendToCloud(attackerAddress, CloudCodec.encode(ConnectResult.unavailable(1)));
        network.sendToCloud(attackerAddress, CloudCodec.encode(new ErrorReply(1, ErrorCode.NOT_REGISTERED)));
        assertThat(network.events.drops(DropReason.WRONG_DIRECTION)).isEqualTo(2);
        assertThat(network.toStrangers).isEmpty();
    }

    @Test
    void aFullTableMakesRoomForANewCameraByEvictingAnother() {
        InMemoryNetwork small = new InMemoryNetwork(CloudConfig.defaults().withMaxCameras(1));
        SimulatedCamera first = new SimulatedCamera(small, cameraAddress, LAN);
        SimulatedCamera second = new SimulatedCamera(small, address("198.51.100.21", 40001), LAN);
        assertThat(first.registration.state()).isEqualTo(CameraRegistration.State.REGISTERED);
        assertThat(second.registration.state()).isEqualTo(CameraRegistration.State.REGISTERED);
        assertThat(small.events.registrations.get(RegistrationOutcome.EVICTED)).isEqualTo(1);
        assertThat(small.cloud.camerasOnline()).isEqualTo(1);
    }
}
