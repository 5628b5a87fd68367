package io.p2pcam.protocol.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.CloudMessage.ErrorCode;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorReply;
import io.p2pcam.protocol.cloud.CloudMessage.Keepalive;
import io.p2pcam.protocol.cloud.CloudMessage.KeepaliveAck;
import io.p2pcam.protocol.cloud.CloudMessage.Register;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterChallenge;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterHello;
import io.p2pcam.protocol.cloud.CloudMessage.Registered;
import io.p2pcam.protocol.cloud.CloudMessage.Resume;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.identity.RawKeys;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import javax.crypto.KeyAgreement;
import org.junit.jupiter.api.Test;

class CameraRegistrationTest {
    private final CameraIdentity identity = CameraIdentity.generate(new SecureRandom());
    private final Candidate reflexive =
            Candidate.reflexive(new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000));
    private long now = 0;
    private final CameraRegistration registration =
            new CameraRegistration(identity, List.of(), new SplittableRandom(3), now);

    private CloudMessage sent() throws CloudDecodeException {
        return CloudCodec.decode(registration.pollTransmit());
    }

    private Registered register() throws Exception {
        RegisterHello hello = (RegisterHello) sent();
        registration.handleMessage(new RegisterChallenge(hello.transaction(), Bytes.of(new byte[24])), now);
        Register register = (Register) sent();
        byte[] signed = CloudCodec.registerSignedBytes(
                register.transaction(), register.key(), register.cookie(), register.candidates());
        assertThat(identity.publicKey()
                        .verify(signed, 0, signed.length, register.signature().toArray()))
                .isTrue();
        Registered registered =
                new Registered(register.transaction(), reflexive, Bytes.of(new byte[16]), 20_000, 65_000, 0);
        registration.handleMessage(registered, now);
        return registered;
    }

    /** What the cloud does after a signed REGISTER (§4.8): seals {@code secret} to the camera's X25519 key. */
    private ResumeGrant sealedTo(byte[] secret, Bytes ticket) throws Exception {
        KeyPair ephemeral = KeyPairGenerator.getInstance("X25519").generateKeyPair();
        KeyAgreement agreement = KeyAgreement.getInstance("XDH");
        agreement.init(ephemeral.getPrivate());
        agreement.doPhase(
                RawKeys.publicKey(RawKeys.Algorithm.X25519, identity.publicKey().agreementKey()), true);
        byte[] ephemeralPublic = RawKeys.rawPublic(ephemeral.getPublic());
        byte[] pad = ResumeSecrets.sealPad(
                agreement.generateSecret(),
                ephemeralPublic,
                identity.publicKey().agreementKey(),
                ticket.toArray());
        return new ResumeGrant(Bytes.of(ephemeralPublic), Bytes.of(ResumeSecrets.xor(secret, pad)), ticket);
    }

    private static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    /** Registers with a ticket whose secret is {@code secret}, then has the cloud forget the camera. */
    private RegisterChallenge registeredWithTicketThenForgotten(byte[] secret, Bytes ticket) throws Exception {
        RegisterHello hello = (RegisterHello) sent();
        registration.handleMessage(new RegisterChallenge(hello.transaction(), Bytes.of(new byte[24])), now);
        Register register = (Register) sent();
        registration.handleMessage(
                new Registered(
                        register.transaction(),
                        reflexive,
                        Bytes.of(new byte[16]),
                        20_000,
                        65_000,
                        0,
                        sealedTo(secret, ticket)),
                now);
        assertThat(registration.hasResumptionTicket()).isTrue();
        now = registration.nextTimeout();
        registration.handleTimeout(now);
        Keepalive keepalive = (Keepalive) sent();
        registration.handleMessage(new ErrorReply(keepalive.transaction(), ErrorCode.NOT_REGISTERED), now);
        RegisterHello again = (RegisterHello) sent();
        RegisterChallenge challenge =
                new RegisterChallenge(again.transaction(), Bytes.of(Arrays.copyOf(filled(7), 24)));
        registration.handleMessage(challenge, now);
        return challenge;
    }

    @Test
    void aCameraWithATicketAnswersTheNextChallengeWithAResumeProvenUnderTheTicketSecret() throws Exception {
        byte[] secret = filled(0x5a);
        Bytes ticket = Bytes.of(Arrays.copyOf(filled(0x11), 24));
        RegisterChallenge challenge = registeredWithTicketThenForgotten(secret, ticket);

        Resume resume = (Resume) sent();
        assertThat(resume.transaction()).isEqualTo(challenge.transaction());
        assertThat(resume.ticket()).isEqualTo(ticket);
        assertThat(resume.cookie()).isEqualTo(challenge.cookie());
        byte[] proven = CloudCodec.resumeProvenBytes(resume.transaction(), resume.key(), resume.cookie(), ticket);
        assertThat(resume.proof().toArray()).isEqualTo(ResumeSecrets.proof(secret, proven));

        // The cloud renews the ticket, sealed under the presented ticket's secret.
        Bytes renewed = Bytes.of(Arrays.copyOf(filled(0x22), 24));
        byte[] newSecret = filled(0x6b);
        registration.handleMessage(
                new Registered(
                        resume.transaction(),
                        reflexive,
                        Bytes.of(new byte[16]),
                        20_000,
                        65_000,
                        0,
                        new ResumeGrant(
                                ResumeSecrets.noEphemeral(),
                                Bytes.of(ResumeSecrets.xor(
                                        newSecret, ResumeSecrets.renewPad(secret, renewed.toArray()))),
                                renewed)),
                now);
        assertThat(registration.state()).isEqualTo(CameraRegistration.State.REGISTERED);
        now = registration.nextTimeout();
        registration.handleTimeout(now);
        Keepalive keepalive = (Keepalive) sent();
        registration.handleMessage(new ErrorReply(keepalive.transaction(), ErrorCode.NOT_REGISTERED), now);
        RegisterHello hello = (RegisterHello) sent();
        registration.handleMessage(new RegisterChallenge(hello.transaction(), challenge.cookie()), now);
        Resume next = (Resume) sent();
        assertThat(next.ticket()).isEqualTo(renewed);
        assertThat(next.proof().toArray())
                .isEqualTo(ResumeSecrets.proof(
                        newSecret,
                        CloudCodec.resumeProvenBytes(next.transaction(), next.key(), next.cookie(), renewed)));
    }

    @Test
    void aRefusedTicketIsForgottenAndTheSameChallengeIsAnsweredWithASignature() throws Exception {
        RegisterChallenge challenge =
                registeredWithTicketThenForgotten(filled(1), Bytes.of(Arrays.copyOf(filled(2), 24)));
        Resume resume = (Resume) sent();
        registration.handleMessage(new ErrorReply(resume.transaction(), ErrorCode.TICKET_REFUSED), now);

        Register register = (Register) sent();
        assertThat(register.cookie()).isEqualTo(challenge.cookie());
        byte[] signed = CloudCodec.registerSignedBytes(
                register.transaction(), register.key(), register.cookie(), register.candidates());
        assertThat(identity.publicKey()
                        .verify(signed, 0, signed.length, register.signature().toArray()))
                .isTrue();
        assertThat(registration.hasResumptionTicket()).isFalse();
    }

    @Test
    void signsTheRegistrationAndKeepsAliveAtTheGivenIntervalButOftenEnoughForShortNatMappings() throws Exception {
        register(); // the cloud asks for 20 s
        assertThat(registration.state()).isEqualTo(CameraRegistration.State.REGISTERED);
        assertThat(registration.pollEvent()).isInstanceOf(CameraRegistrationEvent.Registered.class);
        assertThat(registration.nextTimeout()).isEqualTo(now + CameraRegistration.NAT_KEEPALIVE_CAP_MILLIS);
        now = registration.nextTimeout();
        registration.handleTimeout(now);
        Keepalive keepalive = (Keepalive) sent();
        assertThat(keepalive.id()).isEqualTo(identity.id());
        registration.handleMessage(new KeepaliveAck(keepalive.transaction(), 4_000), now);
        assertThat(registration.nextTimeout()).isEqualTo(now + 4_000);
    }

    @Test
    void unansweredKeepalivesEndInReRegistration() throws Exception {
        register();
        registration.pollEvent();
        int keepalives = 0;
        while (registration.state() == CameraRegistration.State.REGISTERED) {
            now = registration.nextTimeout();
            registration.handleTimeout(now);
            while (registration.pollTransmit() != null) {
                keepalives++;
            }
        }
        assertThat(keepalives).isEqualTo(1 + CameraRegistration.KEEPALIVE_RETRIES);
        assertThat(registration.pollEvent())
                .isInstanceOfSatisfying(
                        CameraRegistrationEvent.Lost.class,
                        lost -> assertThat(lost.pathChanged()).as("a fault").isFalse());
        now = registration.nextTimeout();
        assertThat(now).isLessThan(20_000 + 20_000); // backoff is short: about a second
        registration.handleTimeout(now);
        assertThat(sent()).isInstanceOf(RegisterHello.class);
    }

    @Test
    void notRegisteredFromTheCloudStartsAFreshRegistrationAtOnce() throws Exception {
        register();
        now = registration.nextTimeout();
        registration.handleTimeout(now);
        Keepalive keepalive = (Keepalive) sent();
        registration.handleMessage(new ErrorReply(keepalive.transaction(), ErrorCode.NOT_REGISTERED), now);
        assertThat(sent()).isInstanceOf(RegisterHello.class);
        assertThat(registration.state()).isEqualTo(CameraRegistration.State.HELLO_SENT);
    }

    /**
     * The cloud binds a challenge's cookie to the source address it came from; over TCP the camera
     * has another one. A challenge from the old path (answered late, after the switch) must not be
     * answered on the new one: the cloud would drop that REGISTER or RESUME without a word.
     */
    @Test
    void aChangedPathStartsTheRegistrationOverAndIgnoresTheOldPathsChallenge() throws Exception {
        RegisterHello overUdp = (RegisterHello) sent();
        registration.pathChanged(now);
        RegisterHello overTcp = (RegisterHello) sent();
        assertThat(overTcp.transaction()).isNotEqualTo(overUdp.transaction());
        registration.handleMessage(new RegisterChallenge(overUdp.transaction(), Bytes.of(filled(1), 0, 24)), now);
        assertThat(registration.pollTransmit()).as("the old path's challenge").isNull();
        Bytes cookie = Bytes.of(filled(2), 0, 24);
        registration.handleMessage(new RegisterChallenge(overTcp.transaction(), cookie), now);
        assertThat(((Register) sent()).cookie()).isEqualTo(cookie);

        registration.pathChanged(now); // with the REGISTER in flight: its cookie is the old address's
        assertThat(sent()).isInstanceOf(RegisterHello.class);
        assertThat(registration.state()).isEqualTo(CameraRegistration.State.HELLO_SENT);
    }

    /** A camera flipping between UDP and TCP while the cloud is down must still back off. */
    @Test
    void aChangedPathDoesNotRenewTheRequestsRetransmissionBudget() throws Exception {
        int transmissions = 0;
        while (registration.state() != CameraRegistration.State.BACKING_OFF) {
            while (registration.pollTransmit() != null) {
                transmissions++;
            }
            long due = registration.nextTimeout();
            registration.pathChanged(now);
            assertThat(registration.nextTimeout()).as("the timer stays").isEqualTo(due);
            now = due;
            registration.handleTimeout(now);
        }
        while (registration.pollTransmit() != null) {
            transmissions++;
        }
        // The first HELLO and three retransmissions, and one fresh HELLO for each of the four changes.
        assertThat(transmissions).isEqualTo(2 * CameraRegistration.REQUEST_TRIES);
    }

    @Test
    void aRegisteredCameraWhosePathChangesRegistersAgainThereAndKeepsItsTicket() throws Exception {
        registeredWithTicketThenForgotten(filled(0x5a), Bytes.of(Arrays.copyOf(filled(0x11), 24)));
        Resume resume = (Resume) sent();
        registration.handleMessage(
                new Registered(resume.transaction(), reflexive, Bytes.of(new byte[16]), 20_000, 65_000, 0), now);
        assertThat(registration.state()).isEqualTo(CameraRegistration.State.REGISTERED);

        while (registration.pollEvent() != null) {}
        registration.pathChanged(now);
        assertThat(registration.pollEvent())
                .isEqualTo(new CameraRegistrationEvent.Lost("the path to the cloud changed", true));
        assertThat(registration.registration()).isNull();
        RegisterHello hello = (RegisterHello) sent();
        registration.handleMessage(new RegisterChallenge(hello.transaction(), Bytes.of(new byte[24])), now);
        assertThat(sent()).as("the ticket survives the change").isInstanceOf(Resume.class);
    }

    @Test
    void aCameraBackingOffKeepsItsTimerWhenThePathChanges() throws Exception {
        for (int i = 0; i < CameraRegistration.REQUEST_TRIES; i++) {
            assertThat(sent()).isInstanceOf(RegisterHello.class);
            now = registration.nextTimeout();
            registration.handleTimeout(now);
        }
        assertThat(registration.state()).isEqualTo(CameraRegistration.State.BACKING_OFF);
        long due = registration.nextTimeout();
        registration.pathChanged(now);
        assertThat(registration.pollTransmit()).isNull();
        assertThat(registration.nextTimeout()).isEqualTo(due);
    }

    @Test
    void anErrorForSomeoneElsesTransactionChangesNothing() throws Exception {
        register();
        registration.handleMessage(new ErrorReply(12345, ErrorCode.NOT_REGISTERED), now);
        assertThat(registration.state()).isEqualTo(CameraRegistration.State.REGISTERED);
    }

    @Test
    void aRepeatedForwardIsReportedOnceAndAnsweredAgainWithTheSameBytes() throws Exception {
        register();
        registration.pollEvent();
        CloudMessage.ConnectForward forward = ForwardTag.seal(
                new CloudMessage.ConnectForward(77, List.of(reflexive), Bytes.EMPTY),
                ForwardTag.key(Bytes.of(new byte[16])));
        registration.handleMessage(forward, now);
        registration.handleMessage(forward, now);
        assertThat(registration.pollEvent()).isInstanceOf(CameraRegistrationEvent.ConnectForwarded.class);
        assertThat(registration.pollEvent()).isNull();
        registration.answer(77, true, List.of(), Bytes.EMPTY);
        byte[] answer = registration.pollTransmit();
        registration.handleMessage(forward, now);
        assertThat(registration.pollTransmit()).isEqualTo(answer);
    }
}
