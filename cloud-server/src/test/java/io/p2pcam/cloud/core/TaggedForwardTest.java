package io.p2pcam.cloud.core;

import static io.p2pcam.protocol.testing.Addresses.address;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.CameraRegistration;
import io.p2pcam.protocol.cloud.CameraRegistrationEvent;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectForward;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectRequest;
import io.p2pcam.protocol.cloud.ForwardTag;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The cloud tags each CONNECT_FORWARD under the token of the camera's registration as it is when
 * the forward goes (PROTOCOL.md §3.10.10, §5.3), with the real {@link CameraRegistration} as the
 * camera that checks it.
 */
class TaggedForwardTest {
    private static final List<Candidate> LAN = List.of(Candidate.local(address("198.18.0.10", 32101)));
    private static final InetSocketAddress VIEWER = address("198.51.100.99", 41000);
    private final InMemoryNetwork network = new InMemoryNetwork(CloudConfig.defaults());
    private final SimulatedCamera camera = new SimulatedCamera(network, address("198.51.100.20", 40001), LAN);

    private List<ConnectForward> forwards() {
        return network.sentByCloud.stream()
                .filter(delivered -> delivered.message() instanceof ConnectForward)
                .map(delivered -> (ConnectForward) delivered.message())
                .toList();
    }

    private static byte[] keyOf(Bytes token) {
        return ForwardTag.key(token);
    }

    @Test
    void aForwardIsTaggedUnderTheRegistrationsToken() {
        Bytes token = camera.registration.registration().token();

        network.sendToCloud(
                VIEWER,
                CloudCodec.encode(new ConnectRequest(11, camera.identity.id(), List.of(), Bytes.of(new byte[40]))));

        assertThat(forwards()).hasSize(1);
        assertThat(ForwardTag.verifies(forwards().getFirst(), keyOf(token))).isTrue();
        assertThat(camera.eventsOf(CameraRegistrationEvent.ConnectForwarded.class))
                .isEqualTo(1);
        assertThat(camera.registration.unauthenticatedForwards()).isZero();
    }

    @Test
    void aForwardRepeatedAfterTheCameraRegisteredAgainCarriesTheNewRegistrationsTag() {
        camera.acceptForwards = null; // it has not answered yet: the viewer's repeat repeats the forward
        Bytes before = camera.registration.registration().token();
        byte[] request =
                CloudCodec.encode(new ConnectRequest(11, camera.identity.id(), List.of(), Bytes.of(new byte[40])));
        network.sendToCloud(VIEWER, request);

        network.advance(500); // a cookie issued later: another token
        camera.registration.updateLocalCandidates(LAN, network.now); // registers again
        camera.flush();
        network.advance(500); // within the cloud's connect timeout: the request still awaits the camera
        Bytes after = camera.registration.registration().token();
        assertThat(after).isNotEqualTo(before);
        network.sendToCloud(VIEWER, request);

        ConnectForward repeated = forwards().getLast();
        assertThat(forwards()).hasSize(2);
        assertThat(ForwardTag.verifies(repeated, keyOf(after))).isTrue();
        assertThat(ForwardTag.verifies(repeated, keyOf(before))).isFalse();
        assertThat(camera.registration.unauthenticatedForwards()).isZero();
    }
}
