package io.p2pcam.cloud.core;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.CloudMessage;
import io.p2pcam.protocol.cloud.ConnectAttempt;
import io.p2pcam.protocol.cloud.ConnectAttemptEvent;
import io.p2pcam.protocol.identity.CameraId;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** A viewer running the real {@link ConnectAttempt} on the in-memory network. */
final class SimulatedViewer implements InMemoryNetwork.Peer {
    final InMemoryNetwork network;
    final InetSocketAddress address;
    final List<ConnectAttemptEvent> events = new ArrayList<>();
    ConnectAttempt attempt;
    boolean online = true;

    SimulatedViewer(InMemoryNetwork network, InetSocketAddress address) {
        this.network = network;
        this.address = address;
        network.peers.put(address, this);
    }

    /** Looks the camera up and, when its key checks out, connects with a handshake. */
    ConnectAttemptEvent connect(CameraId camera) {
        events.clear();
        attempt = ConnectAttempt.lookUp(camera, network.random.split(), network.now, network.now + 10_000);
        flush();
        return last();
    }

    @Override
    public void receive(CloudMessage message, long now) {
        if (online && attempt != null) {
            attempt.handleMessage(message, now);
            flush();
        }
    }

    void flush() {
        ConnectAttemptEvent event;
        while ((event = attempt.pollEvent()) != null) {
            events.add(event);
            if (event instanceof ConnectAttemptEvent.KeyFound) {
                attempt.connect(
                        List.of(Candidate.local(InMemoryNetwork.address("198.18.5.5", 40000))),
                        Bytes.of("hello camera".getBytes(UTF_8)),
                        network.now);
            }
        }
        byte[] datagram;
        while ((datagram = attempt.pollTransmit()) != null) {
            if (online) {
                network.sendToCloud(address, datagram);
            }
        }
    }

    ConnectAttemptEvent last() {
        return events.isEmpty() ? null : events.get(events.size() - 1);
    }
}
