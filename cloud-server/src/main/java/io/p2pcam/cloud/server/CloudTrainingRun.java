package io.p2pcam.cloud.server;

import io.p2pcam.cloud.core.CloudConfig;
import io.p2pcam.cloud.core.PartyCaps;
import io.p2pcam.cloud.core.Quotas;
import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.CameraRegistration;
import io.p2pcam.protocol.cloud.CameraRegistrationEvent;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudDecodeException;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectRequest;
import io.p2pcam.protocol.cloud.CloudMessage.Lookup;
import io.p2pcam.protocol.identity.CameraIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The workload that trains the cloud's start-up cache (a JDK 25 AOT cache, JEP 483 and 515:
 * classes loaded and linked, and method profiles, recorded by a run with
 * {@code -XX:AOTCacheOutput} and mapped by every start after; docs/decisions/0033). A node
 * restarted under a million cameras meets its storm while its JIT still learns which code is hot
 * (docs/BENCHMARKS.md, "A million cameras per node"); a cache trained on the storm's own paths
 * lets the new JVM start from the profiles of this run.
 *
 * <p>So this runs the real node, Netty edge and all, on loopback with throwaway state: in-process
 * cameras ({@link CameraRegistration} over real UDP sockets, one each) register with a signature,
 * keep alive, are looked up and connected to by a viewer, and then the node restarts on the same
 * port and state directory, so that every camera comes back by RESUME, as in a storm. Nothing is
 * kept but the profile: the state directory is deleted at the end. Single-threaded apart from the
 * node's own threads; not for use inside a serving process.
 */
public final class CloudTrainingRun {
    /** What a run did: cameras, node restarts, datagrams the cameras and the viewer sent, cameras registered at the end. */
    public record Outcome(int cameras, int restarts, long datagramsSent, int registered) {}

    /** Rounds of keepalives between restarts: the steady state's share of the profile. */
    private static final int KEEPALIVE_ROUNDS = 3;
    /** The node has answered everything once the sockets are this long without a datagram (loopback). */
    private static final long QUIET_MILLIS = 150;
    /** A phase that has not finished by then is given up (a lost datagram: its camera sits this phase out). */
    private static final long PHASE_MILLIS = 10_000;
    /** How far a camera's clock moves when the node is quiet and it still waits: past any retransmission or back-off. */
    private static final long RETRY_STEP_MILLIS = 5_000;

    private final SecureRandom random;
    private final Selector selector;
    private final List<DatagramChannel> sockets = new ArrayList<>();
    private final List<CameraRegistration> cameras = new ArrayList<>();
    private final List<CameraIdentity> identities = new ArrayList<>();
    private final DatagramChannel viewer;
    private final ByteBuffer receiveBuffer = ByteBuffer.allocate(2048);
    private InetSocketAddress cloud;
    private long now = 1_000_000;
    private long sent;

    private CloudTrainingRun(SecureRandom random) throws IOException {
        this.random = random;
        this.selector = Selector.open();
        this.viewer = openSocket(-1);
    }

    /** Runs {@code cameraCount} cameras through {@code restarts} restarts of a loopback node; blocks until done. */
    public static Outcome run(int cameraCount, int restarts, SecureRandom random) throws IOException {
        if (cameraCount < 1 || restarts < 1) {
            throw new IllegalArgumentException(
                    "a training run needs cameras and restarts: " + cameraCount + ", " + restarts);
        }
        Path state = Files.createTempDirectory("p2pcam-cloud-training");
        CloudServerSettings settings = settings(cameraCount, state);
        CloudTrainingRun run = new CloudTrainingRun(random);
        CloudServer node = CloudServer.start(settings);
        try {
            run.cloud = new InetSocketAddress(
                    InetAddress.getLoopbackAddress(), node.udpAddress().getPort());
            settings = settings.withUdpPort(run.cloud.getPort()); // the restarted node answers where the cameras look
            for (int i = 0; i < cameraCount; i++) {
                run.addCamera(i);
            }
            run.exchange();
            for (int restart = 0; restart < restarts; restart++) {
                for (int round = 0; round < KEEPALIVE_ROUNDS; round++) {
                    run.keepalives();
                }
                run.lookupsAndConnects();
                node.close();
                node = CloudServer.start(settings);
                run.keepalives(); // NOT_REGISTERED, HELLO, RESUME: the storm
                run.keepalives();
            }
            return new Outcome(cameraCount, restarts, run.sent, run.registered());
        } finally {
            node.close();
            run.close();
            deleteTree(state);
        }
    }

    /** A node on loopback that admits the whole fleet from one address at full speed. */
    private static CloudServerSettings settings(int cameraCount, Path state) {
        CloudConfig.RateLimit unlimited = new CloudConfig.RateLimit(1_000_000, 1_000_000);
        int cap = cameraCount * 2;
        CloudConfig config = CloudConfig.defaults()
                .withMaxCameras(cap)
                .withRates(unlimited, unlimited)
                .withQuotas(Quotas.defaults()
                        .withMaxSignatureChecks(cap)
                        .withRegistrations(new PartyCaps(cap, cap, cap))
                        .withPendingConnects(new PartyCaps(cap, cap, cap)));
        return CloudServerSettings.loopbackEphemeral()
                .withHttpPort(-1)
                .withCloud(config)
                .withEventLoops(1)
                .withStateDirectory(state);
    }

    private DatagramChannel openSocket(int camera) throws IOException {
        DatagramChannel socket = DatagramChannel.open();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.configureBlocking(false);
        socket.register(selector, SelectionKey.OP_READ, camera);
        return socket;
    }

    private void addCamera(int index) throws IOException {
        DatagramChannel socket = openSocket(index);
        CameraIdentity identity = CameraIdentity.generate(random);
        InetSocketAddress local = (InetSocketAddress) socket.getLocalAddress();
        sockets.add(socket);
        identities.add(identity);
        cameras.add(new CameraRegistration(identity, List.of(Candidate.local(local)), random, now));
    }

    /** Every camera's next keepalive is due; acked, or NOT_REGISTERED and the way back by RESUME. */
    private void keepalives() throws IOException {
        now += 30_000;
        for (CameraRegistration camera : cameras) {
            camera.handleTimeout(Math.max(now, camera.nextTimeout()));
        }
        exchange();
    }

    /** A LOOKUP and a CONNECT_REQUEST from the viewer for each camera; the cameras accept. */
    private void lookupsAndConnects() throws IOException {
        byte[] handshake = new byte[96];
        InetSocketAddress viewerAddress = (InetSocketAddress) viewer.getLocalAddress();
        for (CameraIdentity identity : identities) {
            long transaction = random.nextLong();
            send(viewer, CloudCodec.encode(new Lookup(transaction, identity.id())));
            send(
                    viewer,
                    CloudCodec.encode(new ConnectRequest(
                            transaction + 1,
                            identity.id(),
                            List.of(Candidate.local(viewerAddress)),
                            Bytes.of(handshake))));
        }
        exchange();
    }

    /**
     * Sends what every camera has to send, then feeds each answer to its camera (and sends what it
     * answers back). When the sockets go quiet with a camera not registered (an answer it did not
     * get), its clock moves on to its retransmission, as a real camera's would; the phase ends once
     * every camera is registered and the node is quiet, or when it runs out.
     */
    private void exchange() throws IOException {
        for (int i = 0; i < cameras.size(); i++) {
            flush(i);
        }
        long giveUp = System.nanoTime() + PHASE_MILLIS * 1_000_000;
        while (System.nanoTime() < giveUp) {
            if (selector.select(QUIET_MILLIS) > 0) {
                receive();
            } else if (registered() == cameras.size()) {
                return;
            } else {
                now += RETRY_STEP_MILLIS;
                for (int i = 0; i < cameras.size(); i++) {
                    if (cameras.get(i).state() != CameraRegistration.State.REGISTERED) {
                        cameras.get(i).handleTimeout(now);
                        flush(i);
                    }
                }
            }
        }
    }

    private void receive() throws IOException {
        for (SelectionKey key : selector.selectedKeys()) {
            int camera = (Integer) key.attachment();
            DatagramChannel socket = (DatagramChannel) key.channel();
            for (receiveBuffer.clear(); socket.receive(receiveBuffer) != null; receiveBuffer.clear()) {
                receiveBuffer.flip();
                if (camera >= 0) {
                    deliver(camera);
                } // the viewer's answers (LOOKUP_RESULT, CONNECT_RESULT) need nothing more
            }
        }
        selector.selectedKeys().clear();
    }

    private void deliver(int index) throws IOException {
        byte[] datagram = new byte[receiveBuffer.remaining()];
        receiveBuffer.get(datagram);
        CameraRegistration camera = cameras.get(index);
        try {
            camera.handleMessage(CloudCodec.decode(datagram), now);
        } catch (CloudDecodeException e) {
            throw new IllegalStateException("the node sent a training camera an undecodable datagram: " + e, e);
        }
        for (CameraRegistrationEvent event = camera.pollEvent(); event != null; event = camera.pollEvent()) {
            if (event instanceof CameraRegistrationEvent.ConnectForwarded forward) {
                InetSocketAddress local = (InetSocketAddress) sockets.get(index).getLocalAddress();
                camera.answer(forward.forwardId(), true, List.of(Candidate.local(local)), Bytes.of(new byte[48]));
            }
        }
        flush(index);
    }

    private void flush(int index) throws IOException {
        CameraRegistration camera = cameras.get(index);
        for (byte[] out = camera.pollTransmit(); out != null; out = camera.pollTransmit()) {
            send(sockets.get(index), out);
        }
    }

    private void send(DatagramChannel socket, byte[] datagram) throws IOException {
        socket.send(ByteBuffer.wrap(datagram), cloud);
        sent++;
    }

    private int registered() {
        return (int) cameras.stream()
                .filter(camera -> camera.state() == CameraRegistration.State.REGISTERED)
                .count();
    }

    private void close() throws IOException {
        for (DatagramChannel socket : sockets) {
            socket.close();
        }
        viewer.close();
        selector.close();
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /**
     * {@code java -XX:AOTCacheOutput=FILE -cp cloud-server.jar io.p2pcam.cloud.server.CloudTrainingRun
     * [CAMERAS [RESTARTS]]}: the training launch of the launchers (installers' p2pcam-cloud, ./p2pcam cloud).
     */
    public static void main(String[] args) throws IOException {
        if (args.length > 2
                || (args.length > 0 && !args[0].matches("\\d{1,5}"))
                || (args.length > 1 && !args[1].matches("\\d{1,3}"))) {
            System.err.println("usage: CloudTrainingRun [CAMERAS (500)] [RESTARTS (10)]");
            System.exit(2);
        }
        int cameraCount = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int restarts = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        long start = System.nanoTime();
        Outcome outcome = run(cameraCount, restarts, new SecureRandom());
        System.err.printf(
                "p2pcam cloud training run: %d cameras, %d restarts, %d datagrams sent, %d registered at the end, %d ms%n",
                outcome.cameras(),
                outcome.restarts(),
                outcome.datagramsSent(),
                outcome.registered(),
                (System.nanoTime() - start) / 1_000_000);
        System.exit(outcome.registered() == outcome.cameras() ? 0 : 1);
    }
}
