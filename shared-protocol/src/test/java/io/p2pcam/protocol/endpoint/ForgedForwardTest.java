package io.p2pcam.protocol.endpoint;

import static io.p2pcam.protocol.endpoint.EndpointWorld.CAMERA;
import static io.p2pcam.protocol.endpoint.EndpointWorld.CLOUD;
import static io.p2pcam.protocol.testing.Addresses.address;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudDecodeException;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectAnswer;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectForward;
import io.p2pcam.protocol.cloud.ForwardTag;
import io.p2pcam.protocol.cloud.MessageType;
import io.p2pcam.protocol.cloud.RelayGrant;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A CONNECT_FORWARD is the cloud's own message, with no transaction of the camera's to echo
 * (PROTOCOL.md §3.4, §4.7): anyone who can send from the cloud's address to the camera's public
 * address can send one, under any forward ID, naming any address as the viewer's. Since decision
 * 0074 a forward carries a tag under the camera's registration with that node (§3.10.10), which a
 * forger does not know: measured on the real camera endpoint, a forgery draws nothing at all, not
 * even the refusal it drew before, and is counted.
 */
class ForgedForwardTest {
    private static final InetSocketAddress VICTIM = address("192.0.2.99", 9);
    private final EndpointWorld world = new EndpointWorld(4);

    private List<EndpointWorld.Sent> sentByTheCameraAfter(int index) {
        return world.wire.subList(index, world.wire.size()).stream()
                .filter(sent -> sent.from().equals(CAMERA))
                .toList();
    }

    /** Of {@code sent}, all but the camera's KEEPALIVEs, which go on as ever. */
    private static List<EndpointWorld.Sent> besidesKeepalives(List<EndpointWorld.Sent> sent) {
        return sent.stream()
                .filter(datagram -> (datagram.data()[3] & 0xff) != MessageType.KEEPALIVE.code())
                .toList();
    }

    private static ConnectForward forward(long forwardId, Bytes handshake) {
        return new ConnectForward(forwardId, List.of(Candidate.reflexive(VICTIM)), handshake, RelayGrant.NONE);
    }

    /** Sends the camera {@code forward} from its node's address. */
    private void send(ConnectForward forward) {
        byte[] datagram = CloudCodec.encode(forward);
        world.camera.handleDatagram(datagram, 0, datagram.length, CLOUD, world.now);
        world.flush();
    }

    @Test
    void forgedForwardsDrawNothingFromTheCameraHoweverMany() {
        world.advance(100); // registered
        int before = world.wire.size();
        byte[] aGuessedKey = ForwardTag.key(Bytes.of(new byte[] {1, 2, 3}));

        for (int i = 0; i < 100; i++) {
            send(forward(1_000 + i, Bytes.of(new byte[200]))); // untagged
            send(ForwardTag.seal(forward(2_000 + i, Bytes.EMPTY), aGuessedKey));
        }
        world.advance(5_000);

        assertThat(besidesKeepalives(sentByTheCameraAfter(before)))
                .as("no answer to the node, nothing to the victim")
                .isEmpty();
        assertThat(world.cameraEvents).noneMatch(CameraEvent.HandshakeFailed.class::isInstance);
        assertThat(world.camera.unauthenticatedForwards()).isEqualTo(200);
    }

    @Test
    void aForwardTaggedUnderTheRegistrationIsAnsweredAsBefore() throws CloudDecodeException {
        world.advance(100);
        int before = world.wire.size();

        send(ForwardTag.seal(forward(0x1234, Bytes.EMPTY), EndpointWorld.FORWARD_KEY));
        world.advance(5_000);

        List<EndpointWorld.Sent> sent = besidesKeepalives(sentByTheCameraAfter(before));
        assertThat(sent).as("one answer, to the node; nothing to the victim").hasSize(1);
        assertThat(sent.getFirst().to()).isEqualTo(CLOUD);
        ConnectAnswer answer = (ConnectAnswer) CloudCodec.decode(sent.getFirst().data());
        assertThat(answer.accept()).as("no first message inside").isFalse();
        assertThat(world.camera.unauthenticatedForwards()).isZero();
    }
}
