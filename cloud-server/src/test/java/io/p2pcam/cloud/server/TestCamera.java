package io.p2pcam.cloud.server;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectAnswer;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectForward;
import io.p2pcam.protocol.cloud.CloudMessage.Keepalive;
import io.p2pcam.protocol.cloud.CloudMessage.Register;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterChallenge;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterHello;
import io.p2pcam.protocol.cloud.CloudMessage.Registered;
import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.identity.CameraPublicKey;
import java.security.SecureRandom;
import java.util.List;

/**
 * A camera's side of the cloud protocol as plain message making, with no sockets: tests carry
 * the messages over {@link io.netty.channel.embedded.EmbeddedChannel} or real UDP ({@link UdpCamera}).
 */
final class TestCamera {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final CameraIdentity identity;
    private Registered registration;

    TestCamera() {
        this(CameraIdentity.generate(RANDOM));
    }

    TestCamera(CameraIdentity identity) {
        this.identity = identity;
    }

    CameraId id() {
        return identity.id();
    }

    CameraIdentity identity() {
        return identity;
    }

    CameraPublicKey publicKey() {
        return identity.publicKey();
    }

    RegisterHello hello() {
        return new RegisterHello(RANDOM.nextLong(), identity.publicKey());
    }

    /** The REGISTER answering {@code challenge}, signed with this camera's key. */
    Register register(RegisterChallenge challenge, List<Candidate> locals) {
        return signedRegister(identity, identity.publicKey(), challenge.cookie(), locals);
    }

    /**
     * A REGISTER naming {@code claimedKey} but signed by {@code signer}: what an attacker who does
     * not hold the claimed key's secret can produce at best.
     */
    static Register signedRegister(
            CameraIdentity signer, CameraPublicKey claimedKey, Bytes cookie, List<Candidate> locals) {
        long transaction = RANDOM.nextLong();
        byte[] signed = CloudCodec.registerSignedBytes(transaction, claimedKey, cookie, locals);
        return new Register(transaction, claimedKey, cookie, locals, Bytes.of(signer.sign(signed, 0, signed.length)));
    }

    void registered(Registered registered) {
        this.registration = registered;
    }

    Keepalive keepalive() {
        return new Keepalive(RANDOM.nextLong(), identity.id(), token());
    }

    ConnectAnswer answer(ConnectForward forward, boolean accept, List<Candidate> candidates, Bytes handshake) {
        return new ConnectAnswer(forward.transaction(), identity.id(), token(), accept, candidates, handshake);
    }

    private Bytes token() {
        if (registration == null) {
            throw new IllegalStateException("the camera has not registered yet");
        }
        return registration.token();
    }
}
