package io.p2pcam.cloud.core;

import static io.p2pcam.cloud.core.InMemoryNetwork.address;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.cloud.core.CloudEvents.RegistrationOutcome;
import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.CameraRegistration;
import io.p2pcam.protocol.cloud.CameraRegistrationEvent;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorCode;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorReply;
import io.p2pcam.protocol.cloud.CloudMessage.Keepalive;
import io.p2pcam.protocol.cloud.CloudMessage.KeepaliveAck;
import io.p2pcam.protocol.cloud.CloudMessage.Lookup;
import io.p2pcam.protocol.cloud.CloudMessage.LookupResult;
import io.p2pcam.protocol.cloud.CloudMessage.Register;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterChallenge;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterHello;
import io.p2pcam.protocol.cloud.CloudMessage.Registered;
import io.p2pcam.protocol.cloud.MessageType;
import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.identity.CameraPublicKey;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Registrations an attacker crafts: each test is an attack from issue 13 that once worked. */
class RegistrationAbuseTest {
    private final InMemoryNetwork network = new InMemoryNetwork(CloudConfig.defaults());
    private final InetSocketAddress attacker = address("198.51.100.66", 50000);
    private final InetSocketAddress cameraAddress = address("198.51.100.20", 40001);
    private final CameraIdentity camera = CameraIdentity.generate(new SecureRandom());

    private CloudMessage lastTo(InetSocketAddress to) {
        List<InMemoryNetwork.Delivered> delivered =
                network.toStrangers.stream().filter(d -> d.to().equals(to)).toList();
        return delivered.isEmpty() ? null : delivered.get(delivered.size() - 1).message();
    }

    private RegisterChallenge challenge(InetSocketAddress from, long transaction, CameraPublicKey key) {
        network.sendToCloud(from, CloudCodec.encode(new RegisterHello(transaction, key)));
        return (RegisterChallenge) lastTo(from);
    }

    @Test
    void aSmallOrderKeyWithATrivialSignatureDoesNotRegister() {
        // Ed25519 half: the identity point 01 00…00; signature R = identity, S = 0 verifies for any
        // message under the lax equation. The X25519 half is arbitrary.
        byte[] wire = HexFormat.of().parseHex("01" + "00".repeat(31) + "09" + "00".repeat(31));
        CameraPublicKey key = CameraPublicKey.fromBytes(wire, 0);
        RegisterChallenge challenge = challenge(attacker, 7, key);
        byte[] signature = HexFormat.of().parseHex("01" + "00".repeat(63));
        network.sendToCloud(
                attacker, CloudCodec.encode(new Register(7, key, challenge.cookie(), List.of(), Bytes.of(signature))));

        assertThat(lastTo(attacker)).isNotInstanceOf(Registered.class);
        assertThat(network.cloud.camerasOnline()).isZero();
        assertThat(network.events.drops(DropReason.BAD_SIGNATURE)).isEqualTo(1);
    }

    private Register signed(long transaction, CameraIdentity signer, Bytes cookie) {
        byte[] bytes = CloudCodec.registerSignedBytes(transaction, signer.publicKey(), cookie, List.of());
        return new Register(
                transaction, signer.publicKey(), cookie, List.of(), Bytes.of(signer.sign(bytes, 0, bytes.length)));
    }

    private long repliesOfType(InetSocketAddress to, MessageType type) {
        return network.sentByCloud.stream()
                .filter(d -> d.to().equals(to) && d.message().type() == type)
                .count();
    }

    @Test
    void aCookieBuysOneSignatureCheckHoweverOftenTheRegisterIsReplayed() {
        RegisterChallenge challenge = challenge(cameraAddress, 3, camera.publicKey());
        Register good = signed(3, camera, challenge.cookie());
        byte[] forged = CloudCodec.encode(
                new Register(3, camera.publicKey(), challenge.cookie(), List.of(), Bytes.of(new byte[64])));
        for (int i = 0; i < 50; i++) {
            network.sendToCloud(cameraAddress, forged);
        }
        assertThat(network.signaturesChecked).isEqualTo(1);
        assertThat(network.events.drops(DropReason.BAD_SIGNATURE)).isEqualTo(1);
        assertThat(network.events.drops(DropReason.COOKIE_SPENT)).isEqualTo(49);

        network.sendToCloud(cameraAddress, CloudCodec.encode(good)); // even a good signature: the cookie is spent
        assertThat(network.cloud.camerasOnline()).isZero();
        assertThat(network.signaturesChecked).isEqualTo(1);
    }

    @Test
    void aCameraRepeatingItsRegisterGetsRegisteredAgainWithoutASecondCheck() {
        RegisterChallenge challenge = challenge(cameraAddress, 3, camera.publicKey());
        byte[] register = CloudCodec.encode(signed(3, camera, challenge.cookie()));
        network.sendToCloud(cameraAddress, register);
        network.sendToCloud(cameraAddress, register); // its REGISTERED was lost
        assertThat(repliesOfType(cameraAddress, MessageType.REGISTERED)).isEqualTo(2);
        List<Registered> replies = network.sentByCloud.stream()
                .map(InMemoryNetwork.Delivered::message)
                .filter(Registered.class::isInstance)
                .map(Registered.class::cast)
                .toList();
        assertThat(replies.get(1).token()).isEqualTo(replies.get(0).token());
        assertThat(network.signaturesChecked).isEqualTo(1);
        assertThat(network.events.registrations.get(RegistrationOutcome.REGISTERED))
                .isEqualTo(1);
    }

    @Test
    void aReplayedOlderRegisterDoesNotBringBackTheOldRegistration() {
        SimulatedCamera simulated =
                new SimulatedCamera(network, camera, cameraAddress, List.of(Candidate.local(address("10.0.0.2", 1))));
        byte[] firstRegister = lastRegisterFrom(cameraAddress);
        network.advance(1_000);
        simulated.moveTo(address("198.51.100.20", 40777)); // NAT rebinding: it registers again from there
        network.advance(10_000);
        assertThat(network.events.registrations.get(RegistrationOutcome.MOVED)).isEqualTo(1);
        assertThat(simulated.eventsOf(CameraRegistrationEvent.Lost.class)).isEqualTo(1);

        // Within the cookie's 30 s, someone replays the first REGISTER from the old address.
        network.sendToCloud(cameraAddress, firstRegister);

        assertThat(network.events.registrations.get(RegistrationOutcome.MOVED)).isEqualTo(1);
        network.advance(60_000);
        assertThat(simulated.registration.state()).isEqualTo(CameraRegistration.State.REGISTERED);
        assertThat(simulated.eventsOf(CameraRegistrationEvent.Lost.class))
                .as("the camera's keepalives were never refused after the replay")
                .isEqualTo(1);
    }

    @Test
    void ofTwoRegistrationsTheOneWithTheNewerCookieWinsWhicheverIsCheckedFirst() {
        network.checkSignaturesAtOnce = false;
        RegisterChallenge older = challenge(cameraAddress, 1, camera.publicKey());
        network.advance(1_000);
        InetSocketAddress elsewhere = address("198.51.100.21", 40002);
        RegisterChallenge newer = challenge(elsewhere, 2, camera.publicKey());
        network.sendToCloud(elsewhere, CloudCodec.encode(signed(2, camera, newer.cookie())));
        network.sendToCloud(cameraAddress, CloudCodec.encode(signed(1, camera, older.cookie())));
        assertThat(network.heldChecks).hasSize(2);
        network.runHeldChecks(); // the newer one completes first, then the older one

        assertThat(repliesOfType(elsewhere, MessageType.REGISTERED)).isEqualTo(1);
        assertThat(repliesOfType(cameraAddress, MessageType.REGISTERED)).isZero();
        assertThat(network.events.drops(DropReason.STALE_REGISTER)).isEqualTo(1);
    }

    @Test
    void aRegistrationOlderThanTheCurrentOneIsRefusedBeforeItsSignatureIsChecked() {
        RegisterChallenge older = challenge(cameraAddress, 1, camera.publicKey());
        network.advance(1_000);
        RegisterChallenge newer = challenge(cameraAddress, 2, camera.publicKey());
        network.sendToCloud(cameraAddress, CloudCodec.encode(signed(2, camera, newer.cookie())));
        network.sendToCloud(cameraAddress, CloudCodec.encode(signed(1, camera, older.cookie())));
        assertThat(network.signaturesChecked).isEqualTo(1);
        assertThat(network.events.drops(DropReason.STALE_REGISTER)).isEqualTo(1);
    }

    /** A cookie accepted without being remembered could be replayed: a full memory refuses instead. */
    @Test
    void aRegisterWhoseCookieTheFullMemoryOfSpentCookiesCannotHoldIsDroppedAsBusy() {
        Quotas quotas = Quotas.defaults();
        InMemoryNetwork small = new InMemoryNetwork(CloudConfig.defaults()
                .withQuotas(new Quotas(
                        quotas.maxSignatureChecks(),
                        2,
                        quotas.registrations(),
                        quotas.pendingConnects(),
                        quotas.rateFactor56(),
                        quotas.rateFactor48())));
        for (int i = 0; i < 3; i++) {
            InetSocketAddress source = address("198.51.100." + (100 + i), 4000);
            byte[] register = newCameraRegister(small, source, i);
            small.sendToCloud(source, register);
            small.sendToCloud(source, register); // the third camera's retransmission finds no room either
        }

        assertThat(small.signaturesChecked).isEqualTo(2);
        assertThat(small.events.drops(DropReason.VERIFIER_BUSY)).isEqualTo(2);
        assertThat(small.sentByCloud.stream().filter(sent -> sent.message() instanceof Registered))
                .hasSize(4); // the first two cameras, each REGISTERED again for its repeat
    }

    /** A new camera's REGISTER from {@code source}, signed over the cookie its HELLO was given. */
    private byte[] newCameraRegister(InMemoryNetwork network, InetSocketAddress source, int transaction) {
        CameraIdentity identity = CameraIdentity.generate(new SecureRandom());
        network.sendToCloud(source, CloudCodec.encode(new RegisterHello(transaction, identity.publicKey())));
        RegisterChallenge challenge =
                (RegisterChallenge) network.sentByCloud.getLast().message();
        return CloudCodec.encode(signed(transaction, identity, challenge.cookie()));
    }

    @Test
    void signatureChecksBeyondTheBudgetAreDroppedAndCountedWhileLookupsAreStillAnswered() {
        InMemoryNetwork small = new InMemoryNetwork(
                CloudConfig.defaults().withQuotas(Quotas.defaults().withMaxSignatureChecks(3)));
        small.checkSignaturesAtOnce = false;
        for (int i = 0; i < 5; i++) {
            InetSocketAddress source = address("198.51.100." + (100 + i), 4000);
            small.sendToCloud(source, newCameraRegister(small, source, i));
        }
        assertThat(small.heldChecks).hasSize(3);
        assertThat(small.events.drops(DropReason.VERIFIER_BUSY)).isEqualTo(2);

        InetSocketAddress viewer = address("203.0.113.50", 5000);
        small.sendToCloud(viewer, CloudCodec.encode(new Lookup(9, camera.id())));
        assertThat(small.sentByCloud.getLast().message()).isEqualTo(LookupResult.unavailable(9));

        small.runHeldChecks();
        assertThat(small.cloud.camerasOnline()).isEqualTo(3);
    }

    @Test
    void aKeepaliveWithAStaleTokenFromTheRegisteredAddressIsToldNotRegisteredAtOnce() {
        RegisterChallenge challenge = challenge(cameraAddress, 1, camera.publicKey());
        network.sendToCloud(cameraAddress, CloudCodec.encode(signed(1, camera, challenge.cookie())));
        Bytes oldToken = ((Registered) network.sentByCloud.getLast().message()).token();
        network.advance(1_000);
        RegisterChallenge again = challenge(cameraAddress, 2, camera.publicKey());
        network.sendToCloud(cameraAddress, CloudCodec.encode(signed(2, camera, again.cookie())));

        network.sendToCloud(cameraAddress, CloudCodec.encode(new Keepalive(3, camera.id(), oldToken)));
        assertThat(network.sentByCloud.getLast().message()).isEqualTo(new ErrorReply(3, ErrorCode.NOT_REGISTERED));
    }

    @Test
    void keepalivesForUnknownIdsAreAnsweredNoFasterThanLookups() {
        for (int i = 0; i < 1_000; i++) {
            CameraId guess = CameraIdentity.generate(new SecureRandom()).id();
            network.sendToCloud(attacker, CloudCodec.encode(new Keepalive(i, guess, Bytes.of(new byte[16]))));
        }
        int answered = (int) network.sentByCloud.stream()
                .filter(d -> d.message() instanceof ErrorReply e && e.code() == ErrorCode.NOT_REGISTERED)
                .count();
        assertThat(answered).isEqualTo(CloudConfig.defaults().requestRate().burst());
        assertThat(network.events.drops(DropReason.RATE_LIMITED)).isEqualTo(1_000 - answered);
    }

    @Test
    void aKeepaliveCannotTellALiveCameraFromAnUnknownOne() {
        RegisterChallenge challenge = challenge(cameraAddress, 1, camera.publicKey());
        network.sendToCloud(cameraAddress, CloudCodec.encode(signed(1, camera, challenge.cookie())));
        CameraId unknown = CameraIdentity.generate(new SecureRandom()).id();

        network.sendToCloud(attacker, CloudCodec.encode(new Keepalive(7, camera.id(), Bytes.of(new byte[16]))));
        CloudMessage aboutLive = lastTo(attacker);
        network.sendToCloud(attacker, CloudCodec.encode(new Keepalive(7, unknown, Bytes.of(new byte[16]))));
        CloudMessage aboutUnknown = lastTo(attacker);
        assertThat(aboutLive).isEqualTo(aboutUnknown).isEqualTo(new ErrorReply(7, ErrorCode.NOT_REGISTERED));
    }

    @Test
    void theCookieDoesNotRevealTheServersClock() {
        RegisterChallenge challenge = challenge(cameraAddress, 1, camera.publicKey());
        long stamp = ByteBuffer.wrap(challenge.cookie().toArray()).getLong();
        assertThat(Math.abs(stamp - network.now)).isGreaterThan(1L << 40);
        network.advance(5_000);
        RegisterChallenge later = challenge(cameraAddress, 2, camera.publicKey());
        assertThat(ByteBuffer.wrap(later.cookie().toArray()).getLong() - stamp).isEqualTo(5_000);
    }

    @Test
    void aKeepaliveFromTheRightCameraIsStillAcknowledged() {
        RegisterChallenge challenge = challenge(cameraAddress, 1, camera.publicKey());
        network.sendToCloud(cameraAddress, CloudCodec.encode(signed(1, camera, challenge.cookie())));
        Bytes token = ((Registered) network.sentByCloud.getLast().message()).token();
        network.sendToCloud(cameraAddress, CloudCodec.encode(new Keepalive(2, camera.id(), token)));
        assertThat(network.sentByCloud.getLast().message()).isInstanceOf(KeepaliveAck.class);
    }

    private byte[] lastRegisterFrom(InetSocketAddress from) {
        return network.sentToCloud.stream()
                .filter(r -> r.from().equals(from) && r.datagram()[3] == MessageType.REGISTER.code())
                .reduce((a, b) -> b)
                .orElseThrow()
                .datagram();
    }
}
