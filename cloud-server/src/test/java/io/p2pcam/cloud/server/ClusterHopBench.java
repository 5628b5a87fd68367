package io.p2pcam.cloud.server;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.p2pcam.cloud.core.CloudConfig;
import io.p2pcam.cloud.core.CloudConfig.RateLimit;
import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.identity.CameraIdentity;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The cost of a cluster (docs/BENCHMARKS.md, "Cloud cluster"; decision 0019): three in-process
 * nodes on a real redis-server. Prints the connect time through the camera's own node and through
 * another node (one hop over Redis pub/sub each way), the lookup time through another node with and
 * without its cache, what the other design (direct UDP node links with an HMAC) would cost per hop,
 * and the registry's memory and commands per camera. Run by {@code bench/cluster.sh}; not a test.
 */
public final class ClusterHopBench {
    private ClusterHopBench() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        try (RedisServerProcess redis = RedisServerProcess.startOrSkip()) {
            List<CloudServer> nodes = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    int port = RedisServerProcess.freePort();
                    nodes.add(CloudServer.start(
                            CloudServerSettings.loopbackEphemeral()
                                    .withUdpPort(port)
                                    .withEventLoops(1)
                                    .withCloud(CloudConfig.defaults()
                                            .withRates(new RateLimit(1e6, 1_000_000), new RateLimit(1e6, 1_000_000))),
                            new ClusterSettings(redis.uri(), "127.0.0.1:" + port)));
                }
                while (nodes.stream().anyMatch(n -> n.clusterNodes().size() < 3)) {
                    Thread.onSpinWait();
                }
                run(nodes, rounds);
            } finally {
                nodes.forEach(CloudServer::close);
            }
            registryFootprint(redis, 10_000);
        }
        directLinkEstimate(rounds * 4);
    }

    private static void run(List<CloudServer> nodes, int rounds) {
        try (UdpCamera camera = new UdpCamera(nodes.get(0).udpAddress());
                UdpViewer same = new UdpViewer(nodes.get(0).udpAddress());
                UdpViewer other = new UdpViewer(nodes.get(2).udpAddress())) {
            camera.register();
            long writes = nodes.get(0).clusterRegistryWrites();
            while (nodes.get(0).clusterRegistryWrites() == writes) {
                Thread.onSpinWait();
            }
            for (int warm = 0; warm < 20; warm++) {
                connect(camera, same);
                connect(camera, other);
            }
            long[] sameNode = new long[rounds];
            long[] otherNode = new long[rounds];
            for (int i = 0; i < rounds; i++) {
                sameNode[i] = connect(camera, same);
                otherNode[i] = connect(camera, other);
            }
            print("connect through the camera's node", sameNode);
            print("connect through another node", otherNode);
            long[] cached = new long[rounds];
            for (int i = 0; i < rounds; i++) {
                long start = System.nanoTime();
                other.lookup(camera.id());
                cached[i] = System.nanoTime() - start;
            }
            print("lookup through another node, cached", cached);
        }
        // Uncached: a camera each, so that every lookup reads the registry.
        int cameras = Math.min(rounds, 200);
        long[] uncached = new long[cameras];
        try (UdpViewer other = new UdpViewer(nodes.get(2).udpAddress())) {
            List<UdpCamera> registered = new ArrayList<>();
            for (int i = 0; i < cameras; i++) {
                UdpCamera camera = new UdpCamera(
                        nodes.get(1).udpAddress(), new TestCamera(CameraIdentity.generate(new SecureRandom())));
                camera.register();
                registered.add(camera);
            }
            long target = nodes.get(1).clusterRegistryWrites();
            while (nodes.get(1).clusterRegistryWrites() < target) {
                Thread.onSpinWait();
            }
            for (int i = 0; i < cameras; i++) {
                long start = System.nanoTime();
                other.lookup(registered.get(i).id());
                uncached[i] = System.nanoTime() - start;
            }
            registered.forEach(UdpCamera::close);
        }
        print("lookup through another node, registry read", uncached);
    }

    /** One connect, paced at 40 a second: the camera's connect cap (50/s per camera) would drop more. */
    private static long connect(UdpCamera camera, UdpViewer viewer) {
        LockSupport.parkNanos(25_000_000L);
        long start = System.nanoTime();
        viewer.requestConnect(camera.id(), Bytes.of(new byte[] {1}));
        camera.answer(camera.awaitForward(), true, Bytes.of(new byte[] {2}));
        viewer.awaitResult();
        return System.nanoTime() - start;
    }

    /** What one camera costs Redis: memory, and commands per publish, measured with the node's own code. */
    private static void registryFootprint(RedisServerProcess redis, int cameras) throws Exception {
        RedisClient client = RedisClient.create(redis.uri().toString());
        try (StatefulRedisConnection<String, String> admin = client.connect();
                RedisRegistry registry = new RedisRegistry(
                        new ClusterSettings(redis.uri(), "10.0.0.1:32100"), System::currentTimeMillis, m -> {})) {
            admin.sync().configResetstat();
            long before = usedMemory(admin);
            for (int i = 0; i < cameras; i++) {
                CameraIdentity identity = CameraIdentity.generate(new SecureRandom());
                registry.publish(identity.id(), identity.publicKey());
            }
            while (registry.writes.get() < cameras) {
                Thread.onSpinWait();
            }
            long after = usedMemory(admin);
            String stats = admin.sync().info("commandstats");
            System.out.printf(
                    Locale.ROOT,
                    "registry: %d cameras published, %.0f bytes of Redis memory per camera; commands: %s%n",
                    cameras,
                    (after - before) / (double) cameras,
                    stats.lines()
                            .filter(l -> l.startsWith("cmdstat_hset") || l.startsWith("cmdstat_pexpire"))
                            .map(l -> l.replaceAll(",usec=.*?,", ",").replaceAll(",rejected.*", ""))
                            .toList());
        } finally {
            client.shutdown();
        }
    }

    private static long usedMemory(StatefulRedisConnection<String, String> admin) {
        return admin.sync()
                .info("memory")
                .lines()
                .filter(l -> l.startsWith("used_memory:"))
                .mapToLong(
                        l -> Long.parseLong(l.substring("used_memory:".length()).strip()))
                .findFirst()
                .orElseThrow();
    }

    /** The other design's hop: a 750-byte datagram to another process's socket and back, plus an HMAC-SHA256 each way. */
    private static void directLinkEstimate(int rounds) throws Exception {
        byte[] message = new byte[750];
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
        long[] hmac = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            mac.update(message);
            mac.doFinal();
            hmac[i] = System.nanoTime() - start;
        }
        try (DatagramSocket a = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                DatagramSocket b = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            Thread echo = Thread.ofPlatform().daemon().start(() -> {
                byte[] buffer = new byte[2048];
                try {
                    while (true) {
                        DatagramPacket in = new DatagramPacket(buffer, buffer.length);
                        b.receive(in);
                        b.send(new DatagramPacket(buffer, in.getLength(), in.getSocketAddress()));
                    }
                } catch (IOException e) {
                    // closed
                }
            });
            long[] roundTrip = new long[rounds];
            byte[] buffer = new byte[2048];
            for (int i = 0; i < rounds; i++) {
                long start = System.nanoTime();
                a.send(new DatagramPacket(message, message.length, b.getLocalSocketAddress()));
                a.receive(new DatagramPacket(buffer, buffer.length));
                roundTrip[i] = System.nanoTime() - start;
            }
            print("direct link estimate: loopback UDP round trip, 750 bytes", roundTrip);
            print("direct link estimate: HMAC-SHA256 over 750 bytes", hmac);
            echo.interrupt();
        }
    }

    private static void print(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf(
                Locale.ROOT,
                "%-58s n=%d  p50 %.1f µs  p90 %.1f µs  p99 %.1f µs%n",
                what,
                sorted.length,
                sorted[sorted.length / 2] / 1e3,
                sorted[(int) (sorted.length * 0.9)] / 1e3,
                sorted[(int) Math.min(sorted.length - 1, sorted.length * 0.99)] / 1e3);
    }
}
