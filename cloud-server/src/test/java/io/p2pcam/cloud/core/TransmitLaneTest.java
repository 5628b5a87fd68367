package io.p2pcam.cloud.core;

import static io.p2pcam.cloud.core.InMemoryNetwork.address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectForward;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectRequest;
import io.p2pcam.protocol.cloud.CloudMessage.Keepalive;
import io.p2pcam.protocol.cloud.CloudMessage.Lookup;
import io.p2pcam.protocol.cloud.CloudMessage.Register;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterChallenge;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterHello;
import io.p2pcam.protocol.cloud.CloudMessage.Registered;
import io.p2pcam.protocol.identity.CameraIdentity;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every datagram the core sends names the transport it must travel (decision 0068): an answer its
 * request's, a datagram to a camera the one its registration's cookie proved its address on. One
 * address and port over UDP and over TCP may be two hosts behind one NAT, so neither stands for
 * the other.
 */
class TransmitLaneTest {
    private static final List<Candidate> LAN = List.of(Candidate.local(address("10.0.0.2", 1)));
    private static final InetSocketAddress SHARED = address("198.51.100.7", 50000);
    private static final InetSocketAddress VIEWER = address("192.0.2.44", 41000);

    private final InMemoryNetwork network = new InMemoryNetwork(CloudConfig.defaults());
    private final CameraIdentity camera = CameraIdentity.generate(new SecureRandom());

    @Test
    void answersGoBackOverTheLaneTheirRequestCameOn() {
        network.sendToCloud(SHARED, CloudCodec.encode(new Lookup(1, camera.id())), Lane.UDP);
        network.sendToCloud(SHARED, CloudCodec.encode(new Lookup(2, camera.id())), Lane.TCP);

        assertThat(network.sentByCloud)
                .extracting(d -> d.message().transaction(), InMemoryNetwork.Delivered::lane)
                .containsExactly(tuple(1L, Lane.UDP), tuple(2L, Lane.TCP));
    }

    @Test
    void aCameraIsSentItsForwardsOverTheLaneItRegisteredOnAndOverUdpOnceItRegistersThere() {
        assertThat(register(Lane.TCP, 1)).isInstanceOf(Registered.class);
        assertThat(forwardLane(100)).as("registered over TCP").isEqualTo(Lane.TCP);

        network.advance(1_000); // a newer cookie: the newest registration wins (§4.2)
        assertThat(register(Lane.UDP, 2)).isInstanceOf(Registered.class);
        assertThat(network.sentByCloud.getLast().lane()).isEqualTo(Lane.UDP);
        assertThat(forwardLane(101))
                .as("its cookie's round trip over UDP proved it receives there")
                .isEqualTo(Lane.UDP);
    }

    @Test
    void aCookieSentOverTcpProvesNothingOverUdpFromTheSameAddressAndPort() {
        network.sendToCloud(SHARED, CloudCodec.encode(new RegisterHello(1, camera.publicKey())), Lane.TCP);
        RegisterChallenge challenge =
                (RegisterChallenge) network.sentByCloud.getLast().message();
        int sent = network.sentByCloud.size();

        network.sendToCloud(SHARED, signedRegister(2, challenge), Lane.UDP);

        assertThat(network.sentByCloud).hasSize(sent);
        assertThat(network.events.drops).containsEntry(DropReason.BAD_COOKIE, 1);
        assertThat(network.cloud.camerasOnline()).isZero();
    }

    @Test
    void aKeepaliveFromTheRegisteredAddressOverTheOtherLaneIsFromAnotherSource() {
        Registered registered = (Registered) register(Lane.TCP, 1);

        network.sendToCloud(SHARED, CloudCodec.encode(new Keepalive(3, camera.id(), registered.token())), Lane.UDP);

        assertThat(network.events.drops).containsEntry(DropReason.WRONG_SOURCE, 1);
        assertThat(network.sentByCloud.getLast().message())
                .isEqualTo(new CloudMessage.ErrorReply(3, CloudMessage.ErrorCode.NOT_REGISTERED));
        assertThat(network.sentByCloud.getLast().lane()).isEqualTo(Lane.UDP);
    }

    /** HELLO, then a signed REGISTER with its cookie, both from {@link #SHARED} over {@code lane}: the answer. */
    private CloudMessage register(Lane lane, long transaction) {
        network.sendToCloud(SHARED, CloudCodec.encode(new RegisterHello(transaction, camera.publicKey())), lane);
        RegisterChallenge challenge =
                (RegisterChallenge) network.sentByCloud.getLast().message();
        network.sendToCloud(SHARED, signedRegister(transaction, challenge), lane);
        return network.sentByCloud.getLast().message();
    }

    private byte[] signedRegister(long transaction, RegisterChallenge challenge) {
        byte[] signed = CloudCodec.registerSignedBytes(transaction, camera.publicKey(), challenge.cookie(), LAN);
        return CloudCodec.encode(new Register(
                transaction,
                camera.publicKey(),
                challenge.cookie(),
                LAN,
                Bytes.of(camera.sign(signed, 0, signed.length))));
    }

    /** The lane of the forward a viewer's CONNECT_REQUEST over UDP draws. */
    private Lane forwardLane(long transaction) {
        network.sendToCloud(
                VIEWER,
                CloudCodec.encode(new ConnectRequest(transaction, camera.id(), LAN, Bytes.of(new byte[32]))),
                Lane.UDP);
        InMemoryNetwork.Delivered forward = network.sentByCloud.getLast();
        assertThat(forward.message()).isInstanceOf(ConnectForward.class);
        assertThat(forward.to()).isEqualTo(SHARED);
        return forward.lane();
    }
}
