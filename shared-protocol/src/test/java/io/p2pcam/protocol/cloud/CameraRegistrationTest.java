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
import io.p2pcam.protocol.identity.CameraIdentity;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.SplittableRandom;
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
        assertThat(registration.pollEvent()).isInstanceOf(CameraRegistrationEvent.Lost.class);
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
        CloudMessage.ConnectForward forward = new CloudMessage.ConnectForward(77, List.of(reflexive), Bytes.EMPTY);
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
