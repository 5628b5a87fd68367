package io.p2pcam.cloud.server;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectRequest;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectResult;
import io.p2pcam.protocol.cloud.CloudMessage.Lookup;
import io.p2pcam.protocol.cloud.CloudMessage.LookupResult;
import io.p2pcam.protocol.identity.CameraId;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;

/** A simulated viewer on a real UDP socket: looks cameras up and asks the cloud to connect it. */
final class UdpViewer implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    final UdpPeer peer;

    UdpViewer(InetSocketAddress cloud) {
        this(new UdpPeer(cloud));
    }

    /** A viewer on {@code peer}'s socket. */
    UdpViewer(UdpPeer peer) {
        this.peer = peer;
    }

    LookupResult lookup(CameraId id) {
        peer.send(new Lookup(RANDOM.nextLong(), id));
        return peer.expect(LookupResult.class);
    }

    /** Sends a CONNECT_REQUEST; the result arrives after the camera answers ({@link #awaitResult()}). */
    ConnectRequest requestConnect(CameraId id, Bytes handshake) {
        ConnectRequest request = new ConnectRequest(
                RANDOM.nextLong(), id, List.of(Candidate.local(new InetSocketAddress("10.0.0.7", 50_000))), handshake);
        peer.send(request);
        return request;
    }

    ConnectResult awaitResult() {
        return peer.expect(ConnectResult.class);
    }

    @Override
    public void close() {
        peer.close();
    }
}
