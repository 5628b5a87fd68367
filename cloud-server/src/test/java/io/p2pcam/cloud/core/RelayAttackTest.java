package io.p2pcam.cloud.core;

import static io.p2pcam.cloud.core.InMemoryNetwork.CLOUD;
import static io.p2pcam.cloud.core.InMemoryNetwork.address;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.ConnectAttemptEvent;
import io.p2pcam.protocol.cloud.RelayFrame;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Attacks on the relay (issue 13 §2), each against the real core. */
class RelayAttackTest {
    private static final int ROUNDS = 10_000;

    private final InMemoryNetwork network =
            new InMemoryNetwork(CloudConfig.defaults().withRelay(RelayLimits.on()));
    private final InetSocketAddress cameraAddress = address("198.51.100.20", 40001);
    private final InetSocketAddress viewerAddress = address("192.0.2.30", 41000);

    private long acceptedTicket() {
        SimulatedCamera camera =
                new SimulatedCamera(network, cameraAddress, List.of(Candidate.local(address("10.0.0.2", 1))));
        SimulatedViewer viewer = new SimulatedViewer(network, viewerAddress);
        ConnectAttemptEvent.Accepted accepted = (ConnectAttemptEvent.Accepted) viewer.connect(camera.identity.id());
        assertThat(accepted.relayTicket()).isNotZero();
        return accepted.relayTicket();
    }

    private static byte[] frame(int type, long ticket) {
        byte[] packet = new byte[100];
        packet[0] = 0x53;
        return RelayFrame.wrap(type, ticket, packet);
    }

    /**
     * Feeds the cloud, then plays the network: whatever the cloud sends to its own address comes
     * back to it. Returns how many datagrams the cloud sent to itself (bounded by {@link #ROUNDS}).
     */
    private int sendAndCountSelfDeliveries(byte[] datagram, InetSocketAddress from) {
        network.cloud.handleDatagram(datagram, 0, datagram.length, from, network.now);
        int toSelf = 0;
        for (Transmit t = network.cloud.pollTransmit();
                t != null && toSelf < ROUNDS;
                t = network.cloud.pollTransmit()) {
            if (t.to().equals(CLOUD)) {
                toSelf++;
                network.cloud.handleDatagram(t.data(), 0, t.data().length, CLOUD, network.now);
            }
        }
        return toSelf;
    }

    @Test
    void aFrameSpoofedFromTheCloudsOwnAddressDoesNotMakeTheCloudRelayToItself() {
        long ticket = acceptedTicket();
        int toSelf = sendAndCountSelfDeliveries(frame(RelayFrame.FROM_VIEWER, ticket), CLOUD)
                + sendAndCountSelfDeliveries(frame(RelayFrame.FROM_CAMERA, ticket), cameraAddress);
        assertThat(toSelf).as("datagrams the cloud relayed to itself").isZero();
    }
}
