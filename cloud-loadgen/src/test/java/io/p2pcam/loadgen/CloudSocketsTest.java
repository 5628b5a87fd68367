package io.p2pcam.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
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
