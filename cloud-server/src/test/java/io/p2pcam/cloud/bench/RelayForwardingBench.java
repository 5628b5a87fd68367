package io.p2pcam.cloud.bench;

import io.p2pcam.cloud.core.CloudConfig;
import io.p2pcam.cloud.core.RelayLimits;
import io.p2pcam.cloud.server.CloudServer;
import io.p2pcam.cloud.server.CloudServerSettings;
import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.CameraRegistration;
import io.p2pcam.protocol.cloud.CameraRegistrationEvent;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.ConnectAttempt;
import io.p2pcam.protocol.cloud.ConnectAttemptEvent;
import io.p2pcam.protocol.cloud.RelayFrame;
import io.p2pcam.protocol.cloud.RelayGrant;
import io.p2pcam.protocol.identity.CameraIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Relay forwarding throughput (docs/BENCHMARKS.md, "Relay forwarding"): an in-process cloud on
 * loopback with the relay on and its rate caps out of the way, a camera and a viewer that register
 * and connect through it as real clients do, then one thread blasting signed 1228-byte frames
 * (1200-byte session packets) from the camera's socket while another counts what reaches the
 * viewer's. Prints frames forwarded per second of wall time and per second of CPU of the cloud's
 * one event-loop thread (the per-core figure). Loopback only; runs for a bounded time.
 *
 * <p>Run by {@code bench/relay.sh}: {@code RelayForwardingBench [seconds=10] [sessionPacketBytes=1200]}.
 */
public final class RelayForwardingBench {
    private RelayForwardingBench() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int packetBytes = args.length > 1 ? Integer.parseInt(args[1]) : 1200;
        if (seconds < 1 || seconds > 300 || packetBytes < 31 || packetBytes > 1200) {
            throw new IllegalArgumentException("seconds 1-300, session packet 31-1200 bytes");
        }
        RelayLimits unlimited = RelayLimits.on().withRates(10_000_000_000L, 10_000_000_000L);
        CloudServerSettings settings = CloudServerSettings.loopbackEphemeral()
                .withHttpPort(CloudServerSettings.HTTP_OFF)
                .withCloud(CloudConfig.defaults().withRelay(unlimited));
        try (CloudServer cloud = CloudServer.start(settings);
                DatagramSocket camera = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                DatagramSocket viewer = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            InetSocketAddress at = cloud.udpAddress();
            RelayGrant[] grants = connect(at, camera, viewer);
            RelayFrame.Route route = RelayFrame.Route.of(at, grants[0], RelayFrame.FROM_CAMERA);
            RelayFrame.Route viewerRoute = RelayFrame.Route.of(at, grants[1], RelayFrame.FROM_VIEWER);
            run(cloud, at, camera, viewer, route, viewerRoute, seconds, packetBytes);
        }
    }

    /** Registers a camera, connects a viewer to it; returns {camera's grant, viewer's grant}. */
    private static RelayGrant[] connect(
            InetSocketAddress cloud, DatagramSocket cameraSocket, DatagramSocket viewerSocket) throws Exception {
        cameraSocket.setSoTimeout(50);
        viewerSocket.setSoTimeout(50);
        CameraIdentity identity = CameraIdentity.generate(new SecureRandom());
        CameraRegistration camera = new CameraRegistration(identity, List.of(), new SplittableRandom(1), now());
        ConnectAttempt viewer = null;
        RelayGrant cameraGrant = null;
        long deadline = now() + 10_000;
        while (now() < deadline) {
            drain(camera::pollTransmit, cameraSocket, cloud);
            if (viewer != null) {
                drain(viewer::pollTransmit, viewerSocket, cloud);
            }
            byte[] in = receive(cameraSocket);
            if (in != null) {
                camera.handleMessage(CloudCodec.decode(in), now());
            }
            CameraRegistrationEvent event;
            while ((event = camera.pollEvent()) != null) {
                if (event instanceof CameraRegistrationEvent.Registered && viewer == null) {
                    viewer = ConnectAttempt.lookUp(identity.id(), new SplittableRandom(2), now(), now() + 10_000);
                } else if (event instanceof CameraRegistrationEvent.ConnectForwarded forward) {
                    cameraGrant = forward.relay();
                    camera.answer(forward.forwardId(), true, List.of(), Bytes.EMPTY);
                }
            }
            if (viewer == null) {
                camera.handleTimeout(now());
                continue;
            }
            in = receive(viewerSocket);
            if (in != null) {
                viewer.handleMessage(CloudCodec.decode(in), now());
            }
            ConnectAttemptEvent outcome;
            while ((outcome = viewer.pollEvent()) != null) {
                if (outcome instanceof ConnectAttemptEvent.KeyFound) {
                    viewer.connect(List.of(), Bytes.EMPTY, now());
                } else if (outcome instanceof ConnectAttemptEvent.Accepted accepted) {
                    return new RelayGrant[] {cameraGrant, accepted.relay()};
                } else {
                    throw new IllegalStateException("connect failed: " + outcome);
                }
            }
            camera.handleTimeout(now());
            viewer.handleTimeout(now());
        }
        throw new IllegalStateException("no relayed connect within 10 s");
    }

    private static void run(
            CloudServer cloud,
            InetSocketAddress at,
            DatagramSocket camera,
            DatagramSocket viewer,
            RelayFrame.Route route,
            RelayFrame.Route viewerRoute,
            int seconds,
            int packetBytes)
            throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong sent = new AtomicLong();
        AtomicLong received = new AtomicLong();
        Thread sender = Thread.ofPlatform().name("bench-camera").start(() -> {
            byte[] packet = new byte[packetBytes];
            long counter = 0;
            try {
                while (running.get()) {
                    byte[] frame = route.wrap(sessionPacket(packet, counter++));
                    camera.send(new DatagramPacket(frame, frame.length, at));
                    sent.incrementAndGet();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        // The relay sends a side nothing until it has sent from its address, and nothing once it
        // was silent for the idle time (§7): the viewer sends a small frame every 10 s.
        ViewerConsent consent = new ViewerConsent(viewerRoute, viewer, at);
        consent.send();
        Thread receiver = Thread.ofPlatform().name("bench-viewer").start(() -> {
            byte[] buffer = new byte[2048];
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            while (running.get()) {
                try {
                    consent.sendEvery(Duration.ofSeconds(10));
                    viewer.receive(packet);
                    received.incrementAndGet();
                } catch (SocketTimeoutException e) {
                    // check running again
                } catch (IOException e) {
                    return;
                }
            }
        });
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long warmupEnd = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() < warmupEnd) {
            Thread.onSpinWait();
            Thread.sleep(10); // a bounded warm-up of the JIT, not a wait for a condition
        }
        long cpu0 = cloudThreadCpu(threads);
        long sent0 = sent.get();
        long received0 = received.get();
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L); // the measurement window itself
        long wall = System.nanoTime() - t0;
        long cpu = cloudThreadCpu(threads) - cpu0;
        long frames = received.get() - received0;
        long offered = sent.get() - sent0;
        running.set(false);
        sender.join();
        receiver.join();
        System.out.printf(
                "relay forwarding: %d-byte frames (%d-byte session packets), %d s on loopback, transport %s%n",
                RelayFrame.HEADER_BYTES + packetBytes + RelayFrame.TAG_BYTES,
                packetBytes,
                seconds,
                cloud.transportLabel());
        System.out.printf("  offered by the camera      %,12.0f frames/s%n", offered * 1e9 / wall);
        System.out.printf(
                "  forwarded to the viewer    %,12.0f frames/s (%.1f %% of offered)%n",
                frames * 1e9 / wall, 100.0 * frames / Math.max(1, offered));
        System.out.printf("  cloud event-loop CPU       %12.1f %% of one core%n", 100.0 * cpu / wall);
        System.out.printf(
                "  per core of the cloud      %,12.0f frames/s (forwarded per CPU-second of its thread)%n",
                frames * 1e9 / Math.max(1, cpu));
    }

    /** Makes {@code packet} a session packet (magic, version) with {@code counter}, as the relay checks it (§7). */
    private static byte[] sessionPacket(byte[] packet, long counter) {
        packet[0] = 0x53;
        packet[1] = 0x01;
        for (int i = 0; i < 8; i++) {
            packet[6 + i] = (byte) (counter >>> (56 - 8 * i));
        }
        return packet;
    }

    /** The viewer's side of the session: small signed frames that keep its consent to receive. */
    private static final class ViewerConsent {
        private final RelayFrame.Route route;
        private final DatagramSocket socket;
        private final InetSocketAddress cloud;
        private long counter;
        private long lastSent;

        ViewerConsent(RelayFrame.Route route, DatagramSocket socket, InetSocketAddress cloud) {
            this.route = route;
            this.socket = socket;
            this.cloud = cloud;
        }

        void send() throws IOException {
            byte[] frame = route.wrap(sessionPacket(new byte[31], counter++));
            socket.send(new DatagramPacket(frame, frame.length, cloud));
            lastSent = System.nanoTime();
        }

        void sendEvery(Duration interval) throws IOException {
            if (System.nanoTime() - lastSent >= interval.toNanos()) {
                send();
            }
        }
    }

    private static long cloudThreadCpu(ThreadMXBean threads) {
        long total = 0;
        for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("p2pcam-udp")) {
                total += threads.getThreadCpuTime(info.getThreadId());
            }
        }
        return total;
    }

    private static void drain(Supplier<byte[]> transmits, DatagramSocket socket, InetSocketAddress to)
            throws IOException {
        for (byte[] out = transmits.get(); out != null; out = transmits.get()) {
            socket.send(new DatagramPacket(out, out.length, to));
        }
    }

    private static byte[] receive(DatagramSocket socket) throws IOException {
        byte[] buffer = new byte[2048];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return Arrays.copyOf(buffer, packet.getLength());
    }

    private static long now() {
        return System.nanoTime() / 1_000_000;
    }
}
