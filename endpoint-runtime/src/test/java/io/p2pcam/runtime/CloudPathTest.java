package io.p2pcam.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.Test;

/** The cloud over UDP, and over TCP to the same address once UDP goes unanswered (PROTOCOL.md §3.1). */
class CloudPathTest {
    @Test
    void withoutACloudAddressNothingIsTheCloudAndTheFallbackNeverStarts() throws Exception {
        try (Selector selector = Selector.open();
                CloudPath path = new CloudPath(null, selector)) {
            InetSocketAddress somewhere = new InetSocketAddress(InetAddress.getLoopbackAddress(), 9);
            assertThat(path.isCloud(somewhere)).isFalse();
            for (int i = 0; i < 10; i++) {
                assertThat(path.send(new byte[] {1}, true, i * 1_000L)).isFalse();
            }
            path.check(60_000);
            assertThat(path.overTcp()).isFalse();
            assertThat(selector.keys()).isEmpty();
        }
    }

    @Test
    void answeredRequestsStayOnUdp() throws Exception {
        InetSocketAddress cloud = new InetSocketAddress(InetAddress.getLoopbackAddress(), 9);
        try (Selector selector = Selector.open();
                CloudPath path = new CloudPath(cloud, selector)) {
            for (int i = 0; i < 10; i++) {
                assertThat(path.send(new byte[] {1}, true, i * 1_000L)).isFalse();
                path.heardOverUdp(cloud);
                path.check(i * 1_000L);
            }
            assertThat(path.overTcp()).isFalse();
        }
    }

    @Test
    void framesThatExpectNoAnswerNeverStartTheFallback() throws Exception {
        InetSocketAddress cloud = new InetSocketAddress(InetAddress.getLoopbackAddress(), 9);
        try (Selector selector = Selector.open();
                CloudPath path = new CloudPath(cloud, selector)) {
            for (int i = 0; i < 10; i++) {
                path.send(new byte[] {1}, false, i * 1_000L);
            }
            path.check(10_000);
            assertThat(path.overTcp()).isFalse();
        }
    }

    @Test
    void unansweredRequestsMoveToTcpAndTheLastOneIsSentThereAtOnce() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open();
                Selector selector = Selector.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            InetSocketAddress cloud = (InetSocketAddress) server.getLocalAddress();
            try (CloudPath path = new CloudPath(cloud, selector)) {
                path.send(new byte[] {1}, true, 0);
                path.send(new byte[] {2}, true, 700);
                path.send(new byte[] {3}, true, 1_400);
                path.check(1_400);
                assertThat(path.overTcp()).isTrue();
                try (SocketChannel accepted = server.accept()) {
                    assertThat(path.send(new byte[] {4}, true, 1_500))
                            .as("now over TCP")
                            .isTrue();
                    long deadline = System.nanoTime() + 5_000_000_000L;
                    ByteBuffer frames = ByteBuffer.allocate(6);
                    accepted.configureBlocking(false);
                    while (frames.hasRemaining() && System.nanoTime() < deadline) {
                        selector.select(100);
                        for (SelectionKey key : selector.selectedKeys()) {
                            if (key.attachment() instanceof CloudTcpLink link) {
                                path.onTcpReady(link, datagram -> {});
                            }
                        }
                        selector.selectedKeys().clear();
                        accepted.read(frames);
                    }
                    assertThat(frames.array()).containsExactly(0, 1, 3, 0, 1, 4);
                }
            }
        }
    }
}
