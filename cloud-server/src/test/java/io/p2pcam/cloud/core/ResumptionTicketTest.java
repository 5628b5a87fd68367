package io.p2pcam.cloud.core;

import static io.p2pcam.cloud.core.InMemoryNetwork.address;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.cloud.core.CloudEvents.RegistrationOutcome;
import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.CameraRegistration;
import io.p2pcam.protocol.cloud.CameraRegistrationEvent;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudDecodeException;
import io.p2pcam.protocol.cloud.CloudMessage;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorCode;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorReply;
import io.p2pcam.protocol.cloud.CloudMessage.Register;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterChallenge;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterHello;
import io.p2pcam.protocol.cloud.CloudMessage.Registered;
import io.p2pcam.protocol.cloud.CloudMessage.Resume;
import io.p2pcam.protocol.cloud.MessageType;
import io.p2pcam.protocol.cloud.ResumeGrant;
import io.p2pcam.protocol.cloud.ResumeSecrets;
import io.p2pcam.protocol.identity.CameraIdentity;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Resumption tickets (docs/PROTOCOL.md §4.8): a restarted node takes its cameras back with one MAC
 * check each, and a ticket that is forged, expired, another camera's, or replayed gains nothing.
 */
class ResumptionTicketTest {
    private final InMemoryNetwork network = new InMemoryNetwork(CloudConfig.defaults());
    private final InetSocketAddress cameraAddress = address("198.51.100.20", 40001);
    private final InetSocketAddress attacker = address("198.51.100.66", 50000);

    private SimulatedCamera registeredCamera(InetSocketAddress at) {
        SimulatedCamera camera = new SimulatedCamera(network, at, List.of());
        network.advance(100);
        assertThat(camera.registration.state()).isEqualTo(CameraRegistration.State.REGISTERED);
        return camera;
    }

    private Resume lastResumeFrom(InetSocketAddress from) throws CloudDecodeException {
        List<InMemoryNetwork.Received> resumes = network.sentToCloud.stream()
                .filter(r -> r.from().equals(from) && r.datagram()[3] == MessageType.RESUME.code())
                .toList();
        assertThat(resumes).as("RESUMEs from %s", from).isNotEmpty();
        return (Resume) CloudCodec.decode(resumes.getLast().datagram());
    }

    private CloudMessage lastTo(InetSocketAddress to) {
        List<InMemoryNetwork.Delivered> delivered =
                network.sentByCloud.stream().filter(d -> d.to().equals(to)).toList();
        return delivered.isEmpty() ? null : delivered.getLast().message();
    }

    @Test
    void aSignedRegistrationHandsTheCameraATicketItCanOpen() {
        SimulatedCamera camera = registeredCamera(cameraAddress);
        assertThat(camera.registration.hasResumptionTicket()).isTrue();
        Registered registered = (Registered) lastTo(cameraAddress);
        assertThat(registered.resume().present()).isTrue();
        assertThat(ResumeSecrets.openSigned(camera.identity, registered.resume()))
                .as("the camera opens the sealed secret")
                .isNotNull();
    }

    @Test
    void aRestartedNodeTakesTheCameraBackWithItsTicketAndNoSignatureCheck() {
        SimulatedCamera camera = registeredCamera(cameraAddress);
        assertThat(network.signaturesChecked).isEqualTo(1);

        network.restartCloud(CloudConfig.defaults(), network.resumption);
        network.advance(25_000);

        assertThat(network.cloud.camerasOnline()).isEqualTo(1);
        assertThat(camera.registration.state()).isEqualTo(CameraRegistration.State.REGISTERED);
        assertThat(network.signaturesChecked)
                .as("resumed by a MAC, not a signature")
                .isEqualTo(1);
        assertThat(network.events.registrations.get(RegistrationOutcome.RESUMED))
                .isEqualTo(1);
        assertThat(camera.eventsOf(CameraRegistrationEvent.Registered.class)).isEqualTo(2);
        // The renewed ticket works too: a second restart is again a MAC check.
        network.restartCloud(CloudConfig.defaults(), network.resumption);
        network.advance(25_000);
        assertThat(camera.registration.state()).isEqualTo(CameraRegistration.State.REGISTERED);
        assertThat(network.signaturesChecked).isEqualTo(1);
        assertThat(network.events.registrations.get(RegistrationOutcome.RESUMED))
                .isEqualTo(2);
    }

    @Test
    void aTicketOfANodeThatLostItsKeysIsRefusedAndTheCameraSignsAtOnce() {
        SimulatedCamera camera = registeredCamera(cameraAddress);
        network.restartCloud(CloudConfig.defaults()); // new ticket keys
        network.advance(25_000);

        assertThat(network.events.drops(DropReason.TICKET_REFUSED)).isEqualTo(1);
        assertThat(network.sentByCloud)
                .anyMatch(d -> d.to().equals(cameraAddress)
                        && d.message() instanceof ErrorReply e
                        && e.code() == ErrorCode.TICKET_REFUSED);
        assertThat(camera.registration.state()).isEqualTo(CameraRegistration.State.REGISTERED);
        assertThat(network.signaturesChecked).isEqualTo(2);
        assertThat(camera.registration.hasResumptionTicket())
                .as("a new ticket from the new keys")
                .isTrue();
    }

    @Test
    void anExpiredTicketIsRefusedAndTheCameraSignsInstead() {
        SimulatedCamera camera = registeredCamera(cameraAddress);
        Resumption eightDaysLater = new Resumption(
                network.resumption.keys(),
                Resumption.DEFAULT_TICKET_LIFETIME,
                Duration.ofDays(8).toMillis());
        network.restartCloud(CloudConfig.defaults(), eightDaysLater);
        network.advance(25_000);

        assertThat(network.events.drops(DropReason.TICKET_REFUSED)).isEqualTo(1);
        assertThat(camera.registration.state()).isEqualTo(CameraRegistration.State.REGISTERED);
        assertThat(network.signaturesChecked).isEqualTo(2);
    }

    @Test
    void aRetiredKeysTicketIsAcceptedDuringTheOverlapAndRenewedUnderTheNewKey() {
        SimulatedCamera camera = registeredCamera(cameraAddress);
        TicketKeys rotated = new TicketKeys(List.of(
                TicketKeys.ephemeral(new SecureRandom()).current(),
                network.resumption.keys().current()));
        network.restartCloud(CloudConfig.defaults(), new Resumption(rotated, Resumption.DEFAULT_TICKET_LIFETIME, 0));
        network.advance(25_000);
        assertThat(network.events.registrations.get(RegistrationOutcome.RESUMED))
                .isEqualTo(1);

        // The previous key is retired: the renewed ticket (under the new key) still works.
        network.restartCloud(
                CloudConfig.defaults(),
                new Resumption(new TicketKeys(List.of(rotated.current())), Resumption.DEFAULT_TICKET_LIFETIME, 0));
        network.advance(25_000);
        assertThat(network.events.registrations.get(RegistrationOutcome.RESUMED))
                .isEqualTo(2);
        assertThat(camera.registration.state()).isEqualTo(CameraRegistration.State.REGISTERED);
        assertThat(network.signaturesChecked).isEqualTo(1);
    }

    @Test
    void aSeenTicketAndProofWithTheAttackersOwnCookieDoNotRegister() throws Exception {
        SimulatedCamera camera = registeredCamera(cameraAddress);
        network.restartCloud(CloudConfig.defaults(), network.resumption);
        network.advance(25_000);
        Resume seen = lastResumeFrom(cameraAddress); // an eavesdropper saw ticket and proof

        network.sendToCloud(attacker, CloudCodec.encode(new RegisterHello(9, camera.identity.publicKey())));
        RegisterChallenge fresh = (RegisterChallenge) lastTo(attacker);
        network.sendToCloud(
                attacker,
                CloudCodec.encode(
                        new Resume(9, camera.identity.publicKey(), fresh.cookie(), seen.ticket(), seen.proof())));

        assertThat(lastTo(attacker)).isEqualTo(new ErrorReply(9, ErrorCode.TICKET_REFUSED));
        assertThat(network.events.drops(DropReason.TICKET_REFUSED)).isEqualTo(1);
        assertThat(network.events.registrations.get(RegistrationOutcome.MOVED)).isNull();
        assertThat(camera.registration.state()).isEqualTo(CameraRegistration.State.REGISTERED);
    }

    @Test
    void aReplayedResumeGainsNothing() throws Exception {
        SimulatedCamera camera = registeredCamera(cameraAddress);
        network.restartCloud(CloudConfig.defaults(), network.resumption);
        network.advance(25_000);
        byte[] resume = CloudCodec.encode(lastResumeFrom(cameraAddress));
        Bytes token = camera.registration.registration().token();
        int registrationsBefore = network.events.registrations.get(RegistrationOutcome.REGISTERED);

        network.sendToCloud(attacker, resume); // from elsewhere: the cookie names the camera's address
        assertThat(network.events.drops(DropReason.BAD_COOKIE)).isEqualTo(1);

        network.sendToCloud(cameraAddress, resume); // spoofed from the camera: the same registration again
        Registered repeated = (Registered) lastTo(cameraAddress);
        assertThat(repeated.token()).isEqualTo(token);
        assertThat(repeated.resume().present()).as("no second ticket").isFalse();

        network.advance(40_000); // the cookie has expired
        network.sendToCloud(cameraAddress, resume);
        assertThat(network.events.drops(DropReason.COOKIE_EXPIRED)).isEqualTo(1);

        assertThat(network.events.registrations.get(RegistrationOutcome.REGISTERED))
                .isEqualTo(registrationsBefore);
        assertThat(network.events.registrations.get(RegistrationOutcome.RESUMED))
                .isEqualTo(1);
        assertThat(camera.registration.registration().token()).isEqualTo(token);
    }

    @Test
    void anotherCamerasTicketDoesNotRegisterThisCamera() throws Exception {
        SimulatedCamera victim = registeredCamera(cameraAddress);
        SimulatedCamera other = registeredCamera(address("198.51.100.21", 40002));
        network.restartCloud(CloudConfig.defaults(), network.resumption);
        network.advance(25_000);
        Resume othersResume = lastResumeFrom(other.address); // the other camera's ticket, proof and secret are its own

        // The owner of a genuine ticket presents it for the victim's key, with a proof under its own secret.
        network.sendToCloud(attacker, CloudCodec.encode(new RegisterHello(11, victim.identity.publicKey())));
        RegisterChallenge fresh = (RegisterChallenge) lastTo(attacker);
        byte[] proven =
                CloudCodec.resumeProvenBytes(11, victim.identity.publicKey(), fresh.cookie(), othersResume.ticket());
        byte[] othersSecret = secretOf(other, othersResume);
        network.sendToCloud(
                attacker,
                CloudCodec.encode(new Resume(
                        11,
                        victim.identity.publicKey(),
                        fresh.cookie(),
                        othersResume.ticket(),
                        Bytes.of(ResumeSecrets.proof(othersSecret, proven)))));

        assertThat(lastTo(attacker)).isEqualTo(new ErrorReply(11, ErrorCode.TICKET_REFUSED));
        assertThat(network.events.registrations.get(RegistrationOutcome.MOVED)).isNull();
    }

    @Test
    void aForgedProofIsRefusedWithoutSpendingTheCookie() {
        CameraIdentity identity = CameraIdentity.generate(new SecureRandom());
        network.sendToCloud(attacker, CloudCodec.encode(new RegisterHello(5, identity.publicKey())));
        RegisterChallenge challenge = (RegisterChallenge) lastTo(attacker);
        Bytes ticket = Bytes.of(new byte[ResumeGrant.TICKET_BYTES]);
        network.sendToCloud(
                attacker,
                CloudCodec.encode(
                        new Resume(5, identity.publicKey(), challenge.cookie(), ticket, Bytes.of(new byte[32]))));
        assertThat(lastTo(attacker)).isEqualTo(new ErrorReply(5, ErrorCode.TICKET_REFUSED));
        assertThat(network.cloud.camerasOnline()).isZero();
        assertThat(network.events.drops(DropReason.COOKIE_SPENT)).isZero();
    }

    /**
     * A stranger takes a cookie for a camera's key, waits, and then presents a bad ticket with it:
     * the answer must be the same whether or not the camera registered in the meantime (it used to
     * be dropped without a word when it had: an oracle on the camera's presence).
     */
    @Test
    void aBadTicketGetsTheSameAnswerWhetherOrNotTheCameraRegisteredSinceTheCookie() {
        StrangersCookies cookies = cookiesThenOneCameraRegisters(21, 22);

        CloudMessage toQuiet = answerToBadTicket(cookies.quiet(), cookies.quietCookie());
        CloudMessage toActive = answerToBadTicket(cookies.active(), cookies.activeCookie());

        assertThat(toQuiet).isEqualTo(new ErrorReply(21, ErrorCode.TICKET_REFUSED));
        assertThat(toActive).isEqualTo(new ErrorReply(22, ErrorCode.TICKET_REFUSED));
        assertThat(CloudCodec.encode(toActive)).hasSameSizeAs(CloudCodec.encode(toQuiet));
        assertThat(network.events.drops(DropReason.TICKET_REFUSED)).isEqualTo(2);
        assertThat(network.events.drops(DropReason.STALE_REGISTER)).isZero();
    }

    /**
     * The same oracle one step removed: a forged REGISTER used to spend the cookie only when the
     * camera had not registered since (a stale one was dropped first), which a RESUME with that
     * cookie then showed. The cookie is spent either way now, so both RESUMEs are dropped alike.
     */
    @Test
    void aForgedRegisterSpendsTheCookieWhetherOrNotTheCameraRegisteredSince() {
        StrangersCookies cookies = cookiesThenOneCameraRegisters(31, 32);

        forgedRegister(cookies.quiet(), cookies.quietCookie());
        forgedRegister(cookies.active(), cookies.activeCookie());
        int answersBefore = network.sentByCloud.size();
        answerToBadTicket(cookies.quiet(), cookies.quietCookie());
        answerToBadTicket(cookies.active(), cookies.activeCookie());

        assertThat(network.sentByCloud).hasSize(answersBefore);
        assertThat(network.events.drops(DropReason.COOKIE_SPENT)).isEqualTo(2);
    }

    private void forgedRegister(CameraIdentity identity, RegisterChallenge challenge) {
        network.sendToCloud(
                attacker,
                CloudCodec.encode(new Register(
                        challenge.transaction(),
                        identity.publicKey(),
                        challenge.cookie(),
                        List.of(),
                        Bytes.of(new byte[64]))));
    }

    /** Cookies a stranger took for two cameras' keys; only {@code active} registered after that. */
    private record StrangersCookies(
            CameraIdentity quiet,
            RegisterChallenge quietCookie,
            CameraIdentity active,
            RegisterChallenge activeCookie) {}

    private StrangersCookies cookiesThenOneCameraRegisters(long quietTransaction, long activeTransaction) {
        CameraIdentity quiet = CameraIdentity.generate(new SecureRandom());
        CameraIdentity active = CameraIdentity.generate(new SecureRandom());
        RegisterChallenge quietCookie = challengeFor(quietTransaction, quiet);
        RegisterChallenge activeCookie = challengeFor(activeTransaction, active);
        network.advance(1_000);
        new SimulatedCamera(network, active, cameraAddress, List.of()); // registers with a newer cookie
        network.advance(1_000);
        assertThat(network.cloud.camerasOnline()).isEqualTo(1);
        return new StrangersCookies(quiet, quietCookie, active, activeCookie);
    }

    private RegisterChallenge challengeFor(long transaction, CameraIdentity identity) {
        network.sendToCloud(attacker, CloudCodec.encode(new RegisterHello(transaction, identity.publicKey())));
        return (RegisterChallenge) lastTo(attacker);
    }

    /** What the cloud sends the stranger for a RESUME with a made-up ticket and proof, or null. */
    private CloudMessage answerToBadTicket(CameraIdentity identity, RegisterChallenge challenge) {
        int before = network.sentByCloud.size();
        network.sendToCloud(
                attacker,
                CloudCodec.encode(new Resume(
                        challenge.transaction(),
                        identity.publicKey(),
                        challenge.cookie(),
                        Bytes.of(new byte[ResumeGrant.TICKET_BYTES]),
                        Bytes.of(new byte[ResumeGrant.PROOF_BYTES]))));
        return network.sentByCloud.size() == before ? null : lastTo(attacker);
    }

    /**
     * The secret the other camera proved with, recovered from its own REGISTERED: it registered by
     * signature, so its first ticket is sealed to its X25519 key, and the RESUME's ticket was renewed
     * from that one only if it resumed before (here it did not).
     */
    private byte[] secretOf(SimulatedCamera camera, Resume resume) {
        Registered first = network.sentByCloud.stream()
                .filter(d -> d.to().equals(camera.address)
                        && d.message() instanceof Registered r
                        && r.resume().present()
                        && r.resume().ticket().equals(resume.ticket()))
                .map(d -> (Registered) d.message())
                .findFirst()
                .orElseThrow();
        return ResumeSecrets.openSigned(camera.identity, first.resume());
    }
}
