package io.p2pcam.cloud.endtoend;

import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.endpoint.ViewerEndpoint;
import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.noise.KeyPair;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.session.SessionTimers;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A viewer of one camera on an {@link EndpointNetwork}, asking one cloud. What every such test sets alike is
 * set here (a fresh key, the default timers, a 10 s deadline, the network's clocks); a test names only what
 * its case is about, then attaches the viewer at its address.
 */
final class NetworkViewer {
    private final EndpointNetwork network;
    private final CameraId camera;
    private final InetSocketAddress cloud;
    private final SecureRandom secure;
    private String password = "pw";
    private String name = "test viewer";
    private KeyPair key;
    private boolean pair = true;
    private List<Candidate> candidates;
    private long seed = 7;
    private InstantSource wall;

    NetworkViewer(EndpointNetwork network, CameraId camera, InetSocketAddress cloud, SecureRandom secure) {
        this.network = network;
        this.camera = camera;
        this.cloud = cloud;
        this.secure = secure;
        this.wall = network.wall;
    }

    NetworkViewer password(String password) {
        this.password = password;
        return this;
    }

    NetworkViewer named(String name) {
        this.name = name;
        return this;
    }

    NetworkViewer key(KeyPair key) {
        this.key = key;
        return this;
    }

    /** Whether the viewer asks to pair (remember its key at the camera) if the password admits it. */
    NetworkViewer pairing(boolean pair) {
        this.pair = pair;
        return this;
    }

    /** The addresses the viewer offers; by default only the one it is attached at. */
    NetworkViewer candidates(Candidate... candidates) {
        this.candidates = List.of(candidates);
        return this;
    }

    /** The seed of the viewer's non-secret randomness (retransmission jitter and the like). */
    NetworkViewer seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** The wall clock the viewer's handshake stamps with; the network's by default. */
    NetworkViewer wall(InstantSource wall) {
        this.wall = wall;
        return this;
    }

    /** Builds the viewer, starting now on the network's clock, and attaches it at {@code at}. */
    ViewerEndpoint attachAt(InetSocketAddress at) {
        ViewerEndpoint viewer = new ViewerEndpoint(
                camera,
                cloud,
                Password.of(password),
                name,
                key != null ? key : KeyPair.generate(secure),
                pair,
                candidates != null ? candidates : List.of(Candidate.local(at)),
                secure,
                new SplittableRandom(seed),
                SessionTimers.DEFAULT,
                wall,
                network.now,
                network.now + 10_000);
        network.attach(at, viewer);
        return viewer;
    }
}
