package io.p2pcam.cloud.core;

import static io.p2pcam.cloud.core.InMemoryNetwork.address;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectAnswer;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectForward;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectRequest;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectResult;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectStatus;
import io.p2pcam.protocol.cloud.CloudMessage.Registered;
import io.p2pcam.protocol.identity.CameraIdentity;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A viewer's pending and answered connects are keyed by where the request came from, transport
 * included (decision 0068): one address and port over UDP and over TCP may be two hosts behind one
 * NAT, and two hosts may choose the same transaction ID. Neither may take the other's request as
 * its own retransmission, nor be handed the other's result.
 */
class ConnectLaneCollisionTest {
    private static final List<Candidate> LAN = List.of(Candidate.local(address("10.0.0.2", 1)));
    private static final InetSocketAddress CAMERA = address("198.51.100.7", 50000);
    /** Two hosts behind one NAT: one mapped here over UDP, the other over TCP. */
    private static final InetSocketAddress SHARED_NAT = address("192.0.2.44", 41000);

    private static final long SAME_TRANSACTION = 7;

    private final InMemoryNetwork network = new InMemoryNetwork(CloudConfig.defaults());
    private final CameraIdentity camera = CameraIdentity.generate(new SecureRandom());

    @Test
    void aUdpAndATcpViewerAtOneAddressWithOneTransactionEachGetTheirOwnForwardAndResult() {
        Registered registered = registerCamera();

        ConnectForward overUdp = connect(Lane.UDP);
        ConnectForward overTcp = connect(Lane.TCP);

        assertThat(network.cloud.pendingConnects())
                .as("the TCP host's request is not a retransmission of the UDP host's")
                .isEqualTo(2);
        assertThat(overTcp.transaction()).isNotEqualTo(overUdp.transaction());

        answer(registered, overTcp, true);
        InMemoryNetwork.Delivered toTcp = network.sentByCloud.getLast();
        answer(registered, overUdp, false);
        InMemoryNetwork.Delivered toUdp = network.sentByCloud.getLast();

        assertThat(toTcp.lane()).isEqualTo(Lane.TCP);
        assertThat(((ConnectResult) toTcp.message()).status()).isEqualTo(ConnectStatus.ACCEPTED);
        assertThat(toUdp.lane()).isEqualTo(Lane.UDP);
        assertThat(((ConnectResult) toUdp.message()).status()).isEqualTo(ConnectStatus.REJECTED);
    }

    @Test
    void aResultKeptForTheUdpViewerIsNotHandedToTheTcpViewerWithItsTransaction() {
        Registered registered = registerCamera();
        answer(registered, connect(Lane.UDP), true);
        int sent = network.sentByCloud.size();

        send(SAME_TRANSACTION, Lane.TCP);

        assertThat(network.sentByCloud).hasSize(sent + 1);
        CloudMessage drawn = network.sentByCloud.getLast().message();
        assertThat(drawn)
                .as("the camera's candidates went to the host it accepted, not to its NAT neighbour")
                .isInstanceOf(ConnectForward.class);
    }

    private Registered registerCamera() {
        return network.register(camera, CAMERA, LAN);
    }

    /** A CONNECT_REQUEST with {@link #SAME_TRANSACTION} from {@link #SHARED_NAT} over {@code lane}: the forward it draws. */
    private ConnectForward connect(Lane lane) {
        send(SAME_TRANSACTION, lane);
        InMemoryNetwork.Delivered forward = network.sentByCloud.getLast();
        assertThat(forward.to()).isEqualTo(CAMERA);
        return (ConnectForward) forward.message();
    }

    private void send(long transaction, Lane lane) {
        network.sendToCloud(
                SHARED_NAT,
                CloudCodec.encode(new ConnectRequest(transaction, camera.id(), LAN, Bytes.of(new byte[32]))),
                lane);
    }

    private void answer(Registered registered, ConnectForward forward, boolean accept) {
        network.sendToCloud(
                CAMERA,
                CloudCodec.encode(new ConnectAnswer(
                        forward.transaction(),
                        camera.id(),
                        registered.token(),
                        accept,
                        accept ? LAN : List.of(),
                        Bytes.of(new byte[32]))));
    }
}
