package io.p2pcam.cloud.core;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.CameraRegistration;
import io.p2pcam.protocol.cloud.CameraRegistrationEvent;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.CloudMessage;
import io.p2pcam.protocol.identity.CameraIdentity;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/** A camera running the real {@link CameraRegistration} on the in-memory network. */
final class SimulatedCamera implements InMemoryNetwork.Peer {
    final InMemoryNetwork network;
    final CameraIdentity identity;
    final CameraRegistration registration;
    final List<CameraRegistrationEvent> events = new ArrayList<>();
    final List<Candidate> locals;
    InetSocketAddress address;
    /** What to do with forwards: accept (with {@link #locals}), reject, or leave them unanswered. */
    Boolean acceptForwards = true;

    boolean online = true;
    /** How its datagrams reach the cloud: UDP, or TCP once it has moved there (§3.1). */
    Lane lane = Lane.UDP;

    SimulatedCamera(InMemoryNetwork network, InetSocketAddress address, List<Candidate> locals) {
        this(network, CameraIdentity.generate(new SecureRandom()), address, locals);
    }

    SimulatedCamera(
            InMemoryNetwork network, CameraIdentity identity, InetSocketAddress address, List<Candidate> locals) {
        this.network = network;
        this.identity = identity;
        this.address = address;
        this.locals = locals;
        network.peers.put(address, this);
        network.cameraAddresses.add(address);
        this.registration = new CameraRegistration(identity, locals, network.random.split(), network.now);
        flush();
    }

    @Override
    public void receive(CloudMessage message, long now) {
        if (online) {
            registration.handleMessage(message, now);
            flush();
        }
    }

    /** Moves the camera to a new address (NAT rebinding, new network). */
    void moveTo(InetSocketAddress newAddress) {
        network.peers.remove(address);
        address = newAddress;
        network.peers.put(address, this);
        network.cameraAddresses.add(address);
    }

    void flush() {
        CameraRegistrationEvent event;
        while ((event = registration.pollEvent()) != null) {
            events.add(event);
            if (event instanceof CameraRegistrationEvent.ConnectForwarded forward && acceptForwards != null) {
                registration.answer(
                        forward.forwardId(),
                        acceptForwards,
                        locals,
                        Bytes.of(acceptForwards ? "welcome".getBytes(UTF_8) : "go away".getBytes(UTF_8)));
            }
        }
        byte[] datagram;
        while ((datagram = registration.pollTransmit()) != null) {
            if (online) {
                network.sendToCloud(address, datagram, lane);
            }
        }
    }

    long eventsOf(Class<? extends CameraRegistrationEvent> type) {
        return events.stream().filter(type::isInstance).count();
    }
}
