package io.p2pcam.cloud.server;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectForward;
import io.p2pcam.protocol.cloud.CloudMessage.KeepaliveAck;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterChallenge;
import io.p2pcam.protocol.cloud.CloudMessage.Registered;
import io.p2pcam.protocol.identity.CameraId;
import java.net.InetSocketAddress;
import java.util.List;

/** A simulated camera on a real UDP socket: registers, keeps alive and answers connect forwards. */
final class UdpCamera implements AutoCloseable {
    final TestCamera camera;
    final UdpPeer peer;
    final List<Candidate> locals;

    UdpCamera(InetSocketAddress cloud) {
        this(cloud, new TestCamera());
    }

    /** A camera with {@code camera}'s identity (one camera homed on several nodes has one socket per node here). */
    UdpCamera(InetSocketAddress cloud, TestCamera camera) {
        this(camera, new UdpPeer(cloud));
    }

    /** A camera with {@code camera}'s identity on {@code peer}'s socket. */
    UdpCamera(TestCamera camera, UdpPeer peer) {
        this.camera = camera;
        this.peer = peer;
        this.locals = List.of(Candidate.local(new InetSocketAddress("192.168.1.20", 40_000)));
    }

    CameraId id() {
        return camera.id();
    }

    /** HELLO → CHALLENGE → REGISTER → REGISTERED. */
    Registered register() {
        peer.send(camera.hello());
        RegisterChallenge challenge = peer.expect(RegisterChallenge.class);
        peer.send(camera.register(challenge, locals));
        Registered registered = peer.expect(Registered.class);
        camera.registered(registered);
        return registered;
    }

    KeepaliveAck keepalive() {
        peer.send(camera.keepalive());
        return peer.expect(KeepaliveAck.class);
    }

    ConnectForward awaitForward() {
        return peer.expect(ConnectForward.class);
    }

    void answer(ConnectForward forward, boolean accept, Bytes handshake) {
        peer.send(camera.answer(forward, accept, accept ? locals : List.of(), handshake));
    }

    @Override
    public void close() {
        peer.close();
    }
}
