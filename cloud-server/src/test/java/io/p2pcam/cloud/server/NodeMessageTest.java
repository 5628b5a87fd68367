package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.cloud.core.ClientAddress;
import io.p2pcam.cloud.core.ClusterCommand.ForwardConnect;
import io.p2pcam.cloud.core.Lane;
import io.p2pcam.protocol.identity.CameraId;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class NodeMessageTest {
    private static final CameraId CAMERA = CameraId.fromBytes(new byte[CameraId.BYTES]);
    private static final InetSocketAddress VIEWER = new InetSocketAddress("2001:db8::7", 41000);

    @Test
    void aHandedOverConnectCarriesTheLaneItCameOver() {
        for (Lane lane : Lane.values()) {
            byte[] message = NodeMessage.encode(
                    new ForwardConnect("a:1", CAMERA, 42, new ClientAddress(VIEWER, lane), 700, new byte[] {1, 2, 3}),
                    "c:1");
            assertThat(message[0])
                    .as("its type")
                    .isEqualTo(lane == Lane.TCP ? NodeMessage.CONNECT_OVER_TCP : NodeMessage.CONNECT);
            NodeMessage.Connect connect = (NodeMessage.Connect) NodeMessage.decode(message);
            assertThat(connect.viewer()).isEqualTo(new ClientAddress(VIEWER, lane));
            assertThat(connect.origin()).isEqualTo("c:1");
            assertThat(connect.requestBytes()).isEqualTo(700);
            assertThat(connect.request()).containsExactly(1, 2, 3);
        }
        assertThat(NodeMessage.decode(
                        new byte[] {4, 0, 0, 0, 0, 0, 0, 0, 42, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}))
                .as("an unknown type")
                .isNull();
    }
}
