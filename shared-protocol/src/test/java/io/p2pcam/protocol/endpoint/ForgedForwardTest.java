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
import io.p2pcam.protocol.cloud.MessageType;
import io.p2pcam.protocol.cloud.RelayGrant;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A CONNECT_FORWARD is the cloud's own message, with no transaction of the camera's to echo
 * (PROTOCOL.md §3.4, §4.7): anyone who can send from the cloud's address to the camera's public
 * address can forge one, under any forward ID, naming any address as the viewer's. What that costs
 * the camera and what it sends where, measured on the real camera endpoint: one answer, to the node
 * it registered with, never to the address the forward names; the handshake inside is refused
 * before any key agreement when it is no first message (and the camera's own budgets bound the
 * rest, §10.1).
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

    /** Sends the camera a forward from its node's address; returns its size. */
    private int forge(long forwardId, Bytes handshake) {
        byte[] forged = CloudCodec.encode(
                new ConnectForward(forwardId, List.of(Candidate.reflexive(VICTIM)), handshake, RelayGrant.NONE));
        world.camera.handleDatagram(forged, 0, forged.length, CLOUD, world.now);
        world.flush();
        return forged.length;
    }

    @Test
    void aForgedForwardCostsOneRefusalToTheCamerasNodeAndSendsNothingToTheAddressItNames() throws CloudDecodeException {
        world.advance(100); // registered
        int before = world.wire.size();

        assertThat(forge(0x1234, Bytes.EMPTY)).isEqualTo(23);
        world.advance(5_000);

        List<EndpointWorld.Sent> sent = besidesKeepalives(sentByTheCameraAfter(before));
        assertThat(sent).as("one answer, to the node; nothing to the victim").hasSize(1);
        assertThat(sent.getFirst().to()).isEqualTo(CLOUD);
        ConnectAnswer answer = (ConnectAnswer) CloudCodec.decode(sent.getFirst().data());
        assertThat(answer.accept()).isFalse();
        assertThat(answer.handshake().length())
                .as("nothing for the forger to read")
                .isZero();
        assertThat(sent.getFirst().data().length)
                .as("the refusal's size, for a forward of 23 bytes")
                .isEqualTo(47);
        assertThat(world.cameraEvents).anyMatch(CameraEvent.HandshakeFailed.class::isInstance);
        assertThat(world.camera.viewers()).isZero();
    }

    @Test
    void forgedForwardsWithGarbageHandshakesNeverReachTheVictimHoweverMany() {
        world.advance(100);
        int before = world.wire.size();

        int forwardSize = 0;
        for (int i = 0; i < 100; i++) {
            forwardSize = forge(1_000 + i, Bytes.of(new byte[200]));
        }
        int largest = forwardSize;
        world.advance(5_000);

        List<EndpointWorld.Sent> sent = besidesKeepalives(sentByTheCameraAfter(before));
        assertThat(sent).noneMatch(datagram -> datagram.to().equals(VICTIM));
        assertThat(sent)
                .as("one refusal per forward, to the node, none larger than the forward")
                .hasSize(100)
                .allMatch(datagram -> datagram.to().equals(CLOUD) && datagram.data().length < largest);
    }
}
