package io.p2pcam.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The TCP path to the cloud against a fake cloud on loopback that misframes on purpose. */
class CloudTcpLinkTest {
    @Test
    void aFrameLongerThanTheBufferBreaksTheLinkInsteadOfSpinning() throws Exception {
        try (ServerSocketChannel cloud = ServerSocketChannel.open();
                Selector selector = Selector.open()) {
            cloud.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            CloudTcpLink link = CloudTcpLink.open((InetSocketAddress) cloud.getLocalAddress(), selector);
            try (SocketChannel accepted = cloud.accept()) {
                ByteBuffer frame = ByteBuffer.allocate(2 + 60_000);
                frame.putShort((short) 60_000).put(new byte[60_000]).flip();
                while (frame.hasRemaining()) {
                    accepted.write(frame);
                }
                List<byte[]> delivered = new ArrayList<>();
                int readyRounds = 0;
                while (!link.isBroken() && readyRounds < 100) {
                    if (selector.select(1_000) > 0) {
                        readyRounds++;
                    }
                    selector.selectedKeys().clear();
                    link.onReady(delivered::add);
                }
                assertThat(link.isBroken())
                        .as("broken after %d ready rounds", readyRounds)
                        .isTrue();
                assertThat(delivered).isEmpty();
            } finally {
                link.close();
            }
        }
    }

    @Test
    void framesThatFitAreDeliveredWhole() throws Exception {
        try (ServerSocketChannel cloud = ServerSocketChannel.open();
                Selector selector = Selector.open()) {
            cloud.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            CloudTcpLink link = CloudTcpLink.open((InetSocketAddress) cloud.getLocalAddress(), selector);
            try (SocketChannel accepted = cloud.accept()) {
                ByteBuffer frames = ByteBuffer.allocate(2 * (2 + 1200));
                frames.putShort((short) 1200)
                        .put(new byte[1200])
                        .putShort((short) 1200)
                        .put(new byte[1200]);
                frames.flip();
                while (frames.hasRemaining()) {
                    accepted.write(frames);
                }
                List<byte[]> delivered = new ArrayList<>();
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (delivered.size() < 2 && System.nanoTime() < deadline) {
                    selector.select(100);
                    selector.selectedKeys().clear();
                    link.onReady(delivered::add);
                }
                assertThat(delivered).hasSize(2).allSatisfy(d -> assertThat(d).hasSize(1200));
                assertThat(link.isBroken()).isFalse();
            } finally {
                link.close();
            }
        }
    }
}
