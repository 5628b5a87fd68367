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
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The TCP path to the cloud against a fake cloud on loopback (docs/PROTOCOL.md §3.1 framing). */
class CloudTcpLinkTest {
    private static final long WAIT_NANOS = 5_000_000_000L;

    /** Drives the link's readiness until {@code done} or 5 s pass; returns what it delivered. */
    private static List<byte[]> drive(CloudTcpLink link, Selector selector, Predicate<List<byte[]>> done)
            throws Exception {
        return drive(link, selector, done, WAIT_NANOS);
    }

    private static List<byte[]> drive(
            CloudTcpLink link, Selector selector, Predicate<List<byte[]>> done, long waitNanos) throws Exception {
        List<byte[]> delivered = new ArrayList<>();
        long deadline = System.nanoTime() + waitNanos;
        while (!done.test(delivered) && !link.isBroken() && System.nanoTime() < deadline) {
            selector.select(100);
            selector.selectedKeys().clear();
            link.onReady(delivered::add);
        }
        return delivered;
    }

    /** Reads one u16-length frame from the fake cloud's side of the connection. */
    private static byte[] readFrame(SocketChannel accepted) throws Exception {
        ByteBuffer length = ByteBuffer.allocate(2);
        while (length.hasRemaining()) {
            accepted.read(length);
        }
        ByteBuffer body = ByteBuffer.allocate(length.flip().getShort() & 0xffff);
        while (body.hasRemaining()) {
            accepted.read(body);
        }
        return body.array();
    }

    @Test
    void datagramsSentBeforeTheConnectionIsUpLeaveInOrderEachWithItsLength() throws Exception {
        try (ServerSocketChannel cloud = ServerSocketChannel.open();
                Selector selector = Selector.open()) {
            cloud.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            CloudTcpLink link = CloudTcpLink.open((InetSocketAddress) cloud.getLocalAddress(), selector);
            try {
                link.send(new byte[] {1, 2, 3});
                link.send(new byte[] {4});
                drive(link, selector, delivered -> link.isConnected());
                assertThat(link.isConnected()).isTrue();
                try (SocketChannel accepted = cloud.accept()) {
                    accepted.configureBlocking(true);
                    assertThat(readFrame(accepted)).containsExactly(1, 2, 3);
                    assertThat(readFrame(accepted)).containsExactly(4);
                }
            } finally {
                link.close();
            }
        }
    }

    @Test
    void aFrameThatArrivesInPiecesIsDeliveredOnceAndWhole() throws Exception {
        try (ServerSocketChannel cloud = ServerSocketChannel.open();
                Selector selector = Selector.open()) {
            cloud.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            CloudTcpLink link = CloudTcpLink.open((InetSocketAddress) cloud.getLocalAddress(), selector);
            try (SocketChannel accepted = cloud.accept()) {
                accepted.write(ByteBuffer.wrap(new byte[] {0})); // half the length
                assertThat(drive(link, selector, delivered -> link.isConnected()))
                        .isEmpty();
                accepted.write(ByteBuffer.wrap(new byte[] {3, 7, 8})); // the rest of it, two of three bytes
                // Give the bytes time to arrive: still nothing, the frame is not complete.
                List<byte[]> none = drive(link, selector, delivered -> !delivered.isEmpty(), 300_000_000L);
                assertThat(none).isEmpty();
                accepted.write(ByteBuffer.wrap(new byte[] {9}));
                List<byte[]> delivered = drive(link, selector, got -> !got.isEmpty());
                assertThat(delivered)
                        .singleElement()
                        .satisfies(d -> assertThat(d).containsExactly(7, 8, 9));
            } finally {
                link.close();
            }
        }
    }

    @Test
    void aFrameOfTheLargestSizeIsDeliveredAndOneByteMoreBreaksTheLink() throws Exception {
        try (ServerSocketChannel cloud = ServerSocketChannel.open();
                Selector selector = Selector.open()) {
            cloud.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            CloudTcpLink link = CloudTcpLink.open((InetSocketAddress) cloud.getLocalAddress(), selector);
            try (SocketChannel accepted = cloud.accept()) {
                ByteBuffer frames = ByteBuffer.allocate(2 + 2048 + 2);
                frames.putShort((short) 2048)
                        .put(new byte[2048])
                        .putShort((short) 2049)
                        .flip();
                while (frames.hasRemaining()) {
                    accepted.write(frames);
                }
                List<byte[]> delivered = drive(link, selector, got -> false);
                assertThat(delivered)
                        .singleElement()
                        .satisfies(d -> assertThat(d).hasSize(2048));
                assertThat(link.isBroken()).isTrue();
            } finally {
                link.close();
            }
        }
    }

    @Test
    void aCloudThatClosesTheConnectionBreaksTheLinkAndLaterSendsAreDropped() throws Exception {
        try (ServerSocketChannel cloud = ServerSocketChannel.open();
                Selector selector = Selector.open()) {
            cloud.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            CloudTcpLink link = CloudTcpLink.open((InetSocketAddress) cloud.getLocalAddress(), selector);
            try {
                cloud.accept().close();
                drive(link, selector, got -> false);
                assertThat(link.isBroken()).isTrue();
                link.send(new byte[] {1}); // nowhere to go: dropped, no exception
                assertThat(link.isBroken()).isTrue();
            } finally {
                link.close();
            }
        }
    }

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
