package io.p2pcam.camera.live;

import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.endpoint.ViewerEndpoint;
import io.p2pcam.protocol.endpoint.ViewerEvent;
import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.noise.KeyPair;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.session.SessionTimers;
import io.p2pcam.runtime.UdpEndpointRunner;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.BlockingQueue;

/** A real viewer on loopback connecting straight to a {@link LiveCamera}, as from the LAN: no cloud. */
final class LanViewer {
    private LanViewer() {}

    /**
     * Connects with {@code key} and {@code password} (asking to pair if {@code pair}); every event
     * goes to {@code events}. The caller closes the returned runner.
     */
    static UdpEndpointRunner<ViewerEndpoint> connect(
            LiveCamera camera,
            CameraId cameraId,
            Password password,
            String name,
            KeyPair key,
            boolean pair,
            BlockingQueue<ViewerEvent> events)
            throws IOException {
        SecureRandom random = new SecureRandom();
        DatagramChannel channel = UdpEndpointRunner.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        long now = UdpEndpointRunner.now();
        ViewerEndpoint viewer = new ViewerEndpoint(
                cameraId,
                List.of(camera.localAddress()),
                password,
                name,
                key,
                pair,
                List.of(Candidate.local((InetSocketAddress) channel.getLocalAddress())),
                random,
                random,
                SessionTimers.DEFAULT,
                InstantSource.system(),
                now,
                now + 10_000);
        return UdpEndpointRunner.start(viewer, channel, "test viewer", endpoint -> {
            ViewerEvent event;
            while ((event = endpoint.pollEvent()) != null) {
                events.add(event);
            }
        });
    }
}
