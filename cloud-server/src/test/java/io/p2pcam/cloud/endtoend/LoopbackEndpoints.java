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
import io.p2pcam.protocol.testing.Eventually;
import io.p2pcam.runtime.Impairment;
import io.p2pcam.runtime.LocalCandidates;
import io.p2pcam.runtime.UdpEndpointRunner;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
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

    /** Waits for the viewer to go live; its failure fails the test with what it said. */
    static void awaitLive(BlockingQueue<ViewerEvent> events) throws InterruptedException {
        Eventually.next("the viewer live", Duration.ofSeconds(15), events, e -> {
            if (e instanceof ViewerEvent.Failed failed) {
                throw new AssertionError("viewer failed: " + failed);
            }
            return e instanceof ViewerEvent.Live;
        });
    }

    static UdpEndpointRunner<CameraEndpoint> camera(
            CameraIdentity identity,
            DatagramChannel channel,
            InetSocketAddress cloud,
            SecureRandom secure,
            BlockingQueue<CameraEvent> events)
            throws IOException {
        return camera(identity, channel, List.of(cloud), secure, events);
    }

    /** A camera homed on two of the cloud's {@code nodes} (PROTOCOL.md §4.9), each with its own path. */
    static UdpEndpointRunner<CameraEndpoint> camera(
            CameraIdentity identity,
            DatagramChannel channel,
            List<InetSocketAddress> nodes,
            SecureRandom secure,
            BlockingQueue<CameraEvent> events)
            throws IOException {
        CameraEndpoint endpoint = new CameraEndpoint(
                identity,
                nodes,
                EndpointNetwork.access(identity, PASSWORD, InstantSource.system()),
                LocalCandidates.of((InetSocketAddress) channel.getLocalAddress()),
                new CameraStream(640, 360, 30),
                4,
                secure,
                new SplittableRandom(),
                SessionTimers.DEFAULT,
                UdpEndpointRunner.now());
        return UdpEndpointRunner.startWithNodes(
                endpoint,
                channel,
                "camera",
                c -> {
                    CameraEvent event;
                    while ((event = c.pollEvent()) != null) {
                        events.add(event);
                    }
                },
                nodes,
                null);
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
        return viewer(identity, channel, List.of(cloud), secure, events, impairment);
    }

    /** A viewer asking the cloud's {@code nodes} in this order (PROTOCOL.md §5.4), each with its own path. */
    static UdpEndpointRunner<ViewerEndpoint> viewer(
            CameraIdentity identity,
            DatagramChannel channel,
            List<InetSocketAddress> nodes,
            SecureRandom secure,
            BlockingQueue<ViewerEvent> events,
            Impairment impairment)
            throws IOException {
        long now = UdpEndpointRunner.now();
        ViewerEndpoint endpoint = new ViewerEndpoint(
                identity.id(),
                nodes,
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
        return UdpEndpointRunner.startWithNodes(
                endpoint,
                channel,
                "viewer",
                v -> {
                    ViewerEvent event;
                    while ((event = v.pollEvent()) != null) {
                        events.add(event);
                    }
                },
                nodes,
                impairment);
    }
}
