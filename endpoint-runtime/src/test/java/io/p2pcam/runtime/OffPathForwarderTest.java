package io.p2pcam.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.endpoint.CameraEndpoint;
import io.p2pcam.protocol.endpoint.CameraStream;
import io.p2pcam.protocol.endpoint.DatagramEndpoint;
import io.p2pcam.protocol.endpoint.Outgoing;
import io.p2pcam.protocol.endpoint.ViewerEndpoint;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.media.RtpCodec;
import io.p2pcam.protocol.media.RtpPacket;
import io.p2pcam.protocol.noise.KeyPair;
import io.p2pcam.protocol.pairing.PairingStore;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.pairing.UnpairedBudget;
import io.p2pcam.protocol.session.CameraHandshake;
import io.p2pcam.protocol.session.SessionTimers;
import io.p2pcam.protocol.testing.Eventually;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * RFC 9000 §9.3.3's off-path packet forwarding against the real camera and viewer on loopback
 * (docs/PROTOCOL.md §10.3, decision 0075). A third socket sees every session packet the viewer
 * sends to the camera a moment before the camera does, and re-sends a copy from its own port that
 * arrives first; the viewer's genuine packet then comes second, a duplicate. It also passes on to
 * the viewer whatever small packets the camera sends it (the camera's PROBE, so that the viewer
 * answers it, and that answer back to the camera, so that its address passes validation), but
 * keeps the large ones: the video, once the camera sends it there.
 */
@Tag("realtime") // real sockets, real threads, the endpoints' real timers
class OffPathForwarderTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    /** Larger than any PROBE, PROBE_ACK or KEEPALIVE (39 bytes), smaller than the test's video. */
    private static final int SMALL = 100;

    private static final String PASSWORD = "off-path forwarder test passphrase";

    @Test
    void aForwarderThatRacesTheViewersPacketsInFirstNeitherGetsTheStreamNorCostsTheViewerIt() throws Exception {
        SecureRandom random = new SecureRandom();
        CameraIdentity identity = CameraIdentity.generate(random);
        AtomicBoolean racing = new AtomicBoolean();
        AtomicLong viewerMedia = new AtomicLong();
        AtomicReference<ViewerEndpoint.Phase> phase = new AtomicReference<>(ViewerEndpoint.Phase.LOOKING_UP);
        try (DatagramSocket cloud = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
                Forwarder forwarder = new Forwarder()) {
            DatagramChannel cameraChannel = UdpEndpointRunner.open(new InetSocketAddress(LOOPBACK, 0));
            InetSocketAddress cameraAddress = (InetSocketAddress) cameraChannel.getLocalAddress();
            DatagramChannel viewerChannel = UdpEndpointRunner.open(new InetSocketAddress(LOOPBACK, 0));
            InetSocketAddress viewerAddress = (InetSocketAddress) viewerChannel.getLocalAddress();
            forwarder.between(cameraAddress, viewerAddress);

            UdpEndpointRunner<CameraEndpoint> camera = UdpEndpointRunner.start(
                    camera(identity, (InetSocketAddress) cloud.getLocalSocketAddress(), cameraAddress, random),
                    cameraChannel,
                    "camera",
                    c -> {
                        while (c.pollEvent() != null) {}
                    });
            ViewerEndpoint viewer = new ViewerEndpoint(
                    identity.id(),
                    cameraAddress, // straight to the camera, as on its LAN (§10.8)
                    Password.of(PASSWORD),
                    "viewer",
                    KeyPair.generate(random),
                    true,
                    List.of(Candidate.local(viewerAddress)),
                    random,
                    new SplittableRandom(7),
                    SessionTimers.DEFAULT,
                    InstantSource.system(),
                    UdpEndpointRunner.now(),
                    UdpEndpointRunner.now() + 10_000);
            UdpEndpointRunner<Observed> viewerRunner = UdpEndpointRunner.start(
                    new Observed(viewer, cameraAddress, forwarder, racing), viewerChannel, "viewer", observed -> {
                        while (viewer.pollEvent() != null) {}
                        phase.set(viewer.phase());
                        viewerMedia.set(
                                viewer.session() == null ? 0 : viewer.session().mediaReceived());
                    });
            Thread video = Thread.ofVirtual().start(() -> stream(camera));
            try {
                Eventually.await("the viewer live with video", Duration.ofSeconds(10), () -> viewerMedia.get() > 0);

                racing.set(true);
                long before = viewerMedia.get();
                // Three seconds of video at 30 frames a second: all of it must still reach the
                // viewer, none of it the forwarder.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
                while (viewerMedia.get() < before + 90 && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(1_000_000);
                }
                long gained = viewerMedia.get() - before;
                String figures = String.format(
                        "%d copies raced in; the camera sent %d video datagrams to the forwarder; the viewer"
                                + " received %d frames in the 6 s after the copies started",
                        forwarder.copies.get(), forwarder.kept.get(), gained);
                assertThat(forwarder.copies.get()).as(figures).isPositive();
                assertThat(forwarder.kept.get()).as(figures).isZero();
                assertThat(gained).as(figures).isGreaterThanOrEqualTo(90);
                assertThat(phase.get()).isEqualTo(ViewerEndpoint.Phase.LIVE);
            } finally {
                video.interrupt();
                video.join();
                viewerRunner.close();
                camera.close();
            }
        }
    }

    /** One small keyframe every 33 ms until interrupted (a viewer's media starts at a keyframe). */
    private static void stream(UdpEndpointRunner<CameraEndpoint> camera) {
        int sequence = 0;
        while (!Thread.currentThread().isInterrupted()) {
            byte[] payload = new byte[400]; // larger than SMALL: the forwarder keeps it
            payload[0] = 0x65; // an IDR slice's NAL header
            byte[] rtp = RtpCodec.encode(new RtpPacket(96, true, sequence++, 0, 1, payload));
            camera.execute(c -> c.sendMedia(rtp, UdpEndpointRunner.now()));
            LockSupport.parkNanos(33_000_000); // the frame clock, not a wait for a condition
        }
    }

    private static CameraEndpoint camera(
            CameraIdentity identity, InetSocketAddress cloud, InetSocketAddress self, SecureRandom random) {
        return new CameraEndpoint(
                identity,
                cloud, // a socket that never answers: the viewer comes straight to the camera
                new CameraHandshake.Access(
                        Password.of(PASSWORD),
                        new PairingStore(
                                identity.noiseStaticKey(), PairingStore.Snapshot.empty(), PairingStore.Journal.NONE),
                        UnpairedBudget.Limits.DEFAULTS,
                        InstantSource.system()),
                List.of(Candidate.local(self)),
                new CameraStream(16, 16, 30),
                1,
                random,
                random,
                SessionTimers.DEFAULT,
                UdpEndpointRunner.now());
    }

    /**
     * The viewer, seen by the forwarder: each session packet for the camera is copied to the
     * forwarder before the viewer's socket sends it, so the copy reaches the camera first.
     */
    private record Observed(ViewerEndpoint viewer, InetSocketAddress camera, Forwarder forwarder, AtomicBoolean racing)
            implements DatagramEndpoint {
        @Override
        public void handleDatagram(byte[] data, int offset, int length, InetSocketAddress from, long now) {
            viewer.handleDatagram(data, offset, length, from, now);
        }

        @Override
        public void handleDatagram(byte[] data, int offset, int length, InetSocketAddress from, int socket, long now) {
            viewer.handleDatagram(data, offset, length, from, socket, now);
        }

        @Override
        public Outgoing pollTransmit() {
            Outgoing out = viewer.pollTransmit();
            if (out != null && racing.get() && out.to().equals(camera) && out.data()[0] == 0x53) {
                forwarder.race(out.data());
            }
            return out;
        }

        @Override
        public long nextTimeout() {
            return viewer.nextTimeout();
        }

        @Override
        public void handleTimeout(long now) {
            viewer.handleTimeout(now);
        }
    }

    /** The off-path attacker's socket and its thread. */
    private static final class Forwarder implements AutoCloseable {
        final DatagramSocket socket;
        final AtomicLong copies = new AtomicLong();
        final AtomicLong kept = new AtomicLong();
        private volatile InetSocketAddress camera;
        private volatile InetSocketAddress viewer;
        private final Thread thread;

        Forwarder() throws SocketException {
            socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
            thread = Thread.ofVirtual().start(this::run);
        }

        void between(InetSocketAddress camera, InetSocketAddress viewer) {
            this.camera = camera;
            this.viewer = viewer;
        }

        /** A copy of the viewer's packet, from the forwarder's own port, ahead of the original. */
        void race(byte[] packet) {
            copies.incrementAndGet();
            send(packet, packet.length, camera);
        }

        private void run() {
            byte[] buffer = new byte[2048];
            while (!socket.isClosed()) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                } catch (IOException closed) {
                    return;
                }
                if (packet.getSocketAddress().equals(camera)) {
                    if (packet.getLength() <= SMALL) {
                        send(packet.getData(), packet.getLength(), viewer); // lets the viewer answer the camera
                    } else {
                        kept.incrementAndGet(); // the stream, stolen
                    }
                } else if (packet.getSocketAddress().equals(viewer)) {
                    send(packet.getData(), packet.getLength(), camera); // the viewer's answers, as its own
                }
            }
        }

        private void send(byte[] data, int length, InetSocketAddress to) {
            try {
                socket.send(new DatagramPacket(data, length, to));
            } catch (IOException closed) {
                // the test is over
            }
        }

        @Override
        public void close() {
            socket.close(); // ends the thread's receive
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
