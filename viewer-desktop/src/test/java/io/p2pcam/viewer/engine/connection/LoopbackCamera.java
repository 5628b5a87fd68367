package io.p2pcam.viewer.engine.connection;

import io.p2pcam.protocol.endpoint.CameraEndpoint;
import io.p2pcam.protocol.endpoint.CameraStream;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.pairing.PairingStore;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.pairing.UnpairedBudget;
import io.p2pcam.protocol.session.CameraHandshake;
import io.p2pcam.protocol.session.SessionTimers;
import io.p2pcam.runtime.LocalCandidates;
import io.p2pcam.runtime.UdpEndpointRunner;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.SplittableRandom;

/**
 * Test-only: a real camera endpoint on a loopback UDP socket, a fresh identity, password
 * {@value #PASSWORD}, registering with {@code cloud} (which may be silent), streaming {@code
 * stream}. Nobody hears its events. The caller closes {@link #runner()}.
 */
public record LoopbackCamera(
        CameraIdentity identity, InetSocketAddress address, UdpEndpointRunner<CameraEndpoint> runner) {
    public static final String PASSWORD = "pw";

    public static LoopbackCamera start(InetSocketAddress cloud, CameraStream stream) throws IOException {
        return start(cloud, stream, InstantSource.system());
    }

    /** As {@link #start(InetSocketAddress, CameraStream)}, judging handshakes' timestamps by {@code wallClock}. */
    public static LoopbackCamera start(InetSocketAddress cloud, CameraStream stream, InstantSource wallClock)
            throws IOException {
        CameraIdentity identity = CameraIdentity.generate(new SecureRandom());
        DatagramChannel channel = UdpEndpointRunner.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        InetSocketAddress address = (InetSocketAddress) channel.getLocalAddress();
        CameraEndpoint endpoint = new CameraEndpoint(
                identity,
                cloud,
                new CameraHandshake.Access(
                        Password.of(PASSWORD),
                        new PairingStore(
                                identity.noiseStaticKey(), PairingStore.Snapshot.empty(), PairingStore.Journal.NONE),
                        UnpairedBudget.Limits.DEFAULTS,
                        wallClock),
                LocalCandidates.of(address),
                stream,
                4,
                new SecureRandom(),
                new SplittableRandom(),
                SessionTimers.DEFAULT,
                UdpEndpointRunner.now());
        UdpEndpointRunner<CameraEndpoint> runner = UdpEndpointRunner.start(endpoint, channel, "camera", c -> {
            while (c.pollEvent() != null) {
                // nobody listens
            }
        });
        return new LoopbackCamera(identity, address, runner);
    }
}
