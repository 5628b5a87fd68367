package io.p2pcam.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.testing.Eventually;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CloudSocketsTest {
    @Test
    void socketsGoToAClustersNodesInTurnSoCamerasAndConnectsAreSpreadOverThem() throws Exception {
        try (DatagramChannel first = DatagramChannel.open();
                DatagramChannel second = DatagramChannel.open()) {
            first.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            second.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            List<InetSocketAddress> nodes =
                    List.of((InetSocketAddress) first.getLocalAddress(), (InetSocketAddress) second.getLocalAddress());
            try (CloudSockets sockets = CloudSockets.open("camera", nodes, 4, 77, new LoadCounters())) {
                for (int k = 0; k < 4; k++) {
                    sockets.send(k, new byte[] {(byte) k});
                }
                assertThat(received(first, 2)).containsExactlyInAnyOrder(0, 2);
                assertThat(received(second, 2)).containsExactlyInAnyOrder(1, 3);
            }
        }
    }

    @Test
    void oneReceiveThreadReadsEveryDatagramOfEverySocketAndNamesTheSocket() throws Exception {
        try (DatagramChannel cloud = DatagramChannel.open()) {
            cloud.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            InetSocketAddress node = (InetSocketAddress) cloud.getLocalAddress();
            int sockets = 4;
            int perSocket = 500;
            Set<String> received = ConcurrentHashMap.newKeySet();
            try (CloudSockets camera = CloudSockets.open("camera", List.of(node), sockets, 77, new LoadCounters())) {
                camera.startReceiving((socket, data, length) -> received.add(
                        socket + ":" + data[0] + ":" + ((data[1] & 0xff) | (data[2] & 0xff) << 8) + ":" + length));
                for (int k = 0; k < sockets; k++) {
                    for (int i = 0; i < perSocket; i++) {
                        // Bursts of datagrams waiting at once: the receive thread drains each socket.
                        cloud.send(
                                ByteBuffer.wrap(new byte[] {(byte) k, (byte) (i % 256), (byte) (i / 256)}),
                                camera.localAddress(k));
                    }
                }
                Eventually.await(
                        "every datagram read on its own socket",
                        Duration.ofSeconds(10),
                        () -> received.size() == sockets * perSocket);
                for (int k = 0; k < sockets; k++) {
                    assertThat(received).contains(k + ":" + k + ":0:3", k + ":" + k + ":" + (perSocket - 1) + ":3");
                }
                assertThat(received).allMatch(entry -> entry.startsWith(entry.split(":")[1] + ":"));
            }
        }
    }

    @Test
    void aRangeOfSocketsWithAThreadOfItsOwnIsReadWhileTheOtherThreadIsStuck() throws Exception {
        try (DatagramChannel cloud = DatagramChannel.open()) {
            cloud.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            InetSocketAddress node = (InetSocketAddress) cloud.getLocalAddress();
            CountDownLatch bulkStuck = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            List<Integer> targetSockets = new CopyOnWriteArrayList<>();
            try (CloudSockets camera = CloudSockets.open("camera", List.of(node), 3, 77, new LoadCounters())) {
                camera.startReceiving(
                        (socket, data, length) -> {
                            bulkStuck.countDown();
                            awaitQuietly(release); // a thread busy with other cameras' datagrams
                        },
                        0,
                        2,
                        "rx");
                camera.startReceiving((socket, data, length) -> targetSockets.add(socket), 2, 3, "targets-rx");
                cloud.send(ByteBuffer.wrap(new byte[] {1}), camera.localAddress(0));
                assertThat(bulkStuck.await(10, TimeUnit.SECONDS)).isTrue();

                cloud.send(ByteBuffer.wrap(new byte[] {2}), camera.localAddress(2));

                Eventually.await(
                        "the target socket's datagram read by its own thread",
                        Duration.ofSeconds(10),
                        () -> targetSockets.equals(List.of(2)));
                release.countDown();
            }
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The first byte of each of the next {@code count} datagrams (blocking: they were sent already). */
    private static List<Integer> received(DatagramChannel node, int count) throws Exception {
        List<Integer> firstBytes = new ArrayList<>();
        ByteBuffer buffer = ByteBuffer.allocate(64);
        for (int i = 0; i < count; i++) {
            buffer.clear();
            node.receive(buffer);
            firstBytes.add((int) buffer.get(0));
        }
        return firstBytes;
    }
}
