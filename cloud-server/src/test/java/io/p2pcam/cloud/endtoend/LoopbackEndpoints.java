package io.p2pcam.cloud.endtoend;

import io.p2pcam.protocol.endpoint.CameraEndpoint;
import io.p2pcam.protocol.endpoint.CameraEvent;
import io.p2pcam.protocol.endpoint.CameraStream;
import io.p2pcam.protocol.endpoint.ViewerEndpoint;
import io.p2pcam.protocol.endpoint.ViewerEvent;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.noise.KeyPair;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.session.SessionTimers;
import io.p2pcam.runtime.Impairment;
import io.p2pcam.runtime.LocalCandidates;
import io.p2pcam.runtime.UdpEndpointRunner;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;

/**
 * A real camera and a real viewer on their runners, each with its cloud path (which may move to
 * TCP), on a loopback socket the test opened, their events copied to a queue the test reads.
 */
final class LoopbackEndpoints {
    static final String PASSWORD = "pw";
    /** How long a viewer may take to go live. */
    static final long VIEWER_DEADLINE_MILLIS = 10_000;

    private LoopbackEndpoints() {}

    static UdpEndpointRunner<CameraEndpoint> camera(
            CameraIdentity identity,
            DatagramChannel channel,
            InetSocketAddress cloud,
            SecureRandom secure,
            BlockingQueue<CameraEvent> events)
            throws IOException {
        CameraEndpoint endpoint = new CameraEndpoint(
                identity,
                cloud,
                EndpointNetwork.access(identity, PASSWORD, InstantSource.system()),
                LocalCandidates.of((InetSocketAddress) channel.getLocalAddress()),
                new CameraStream(640, 360, 30),
                4,
                secure,
                new SplittableRandom(),
                SessionTimers.DEFAULT,
                UdpEndpointRunner.now());
        return UdpEndpointRunner.start(
                endpoint,
                channel,
                "camera",
                c -> {
                    CameraEvent event;
                    while ((event = c.pollEvent()) != null) {
                        events.add(event);
                    }
                },
                cloud);
    }

    /** A viewer of {@code identity}'s camera; {@code impairment} may be null. */
    static UdpEndpointRunner<ViewerEndpoint> viewer(
            CameraIdentity identity,
            DatagramChannel channel,
            InetSocketAddress cloud,
            SecureRandom secure,
            BlockingQueue<ViewerEvent> events,
            Impairment impairment)
            throws IOException {
        long now = UdpEndpointRunner.now();
        ViewerEndpoint endpoint = new ViewerEndpoint(
                identity.id(),
                cloud,
                Password.of(PASSWORD),
                "test",
                KeyPair.generate(secure),
                false,
                LocalCandidates.of((InetSocketAddress) channel.getLocalAddress()),
                secure,
                new SplittableRandom(),
                SessionTimers.DEFAULT,
                InstantSource.system(),
                now,
                now + VIEWER_DEADLINE_MILLIS);
        return UdpEndpointRunner.start(
                endpoint,
                channel,
                "viewer",
                v -> {
                    ViewerEvent event;
                    while ((event = v.pollEvent()) != null) {
                        events.add(event);
                    }
                },
                cloud,
                impairment);
    }
}
