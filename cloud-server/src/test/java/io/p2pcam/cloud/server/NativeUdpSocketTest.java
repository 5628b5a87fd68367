package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The FFM UDP socket on loopback, against the JDK's own sockets as peers. */
class NativeUdpSocketTest {
    private static final UdpSocketOptions SMALL_BATCHES = new UdpSocketOptions(256 * 1024, 256 * 1024, 4, 8);
    private static final long DEADLINE_NANOS = 5_000_000_000L;

    @BeforeAll
    static void onlyWhereTheSocketCallsWork() {
        assumeTrue(LinuxSocketCalls.available(), () -> "no native sockets: " + LinuxSocketCalls.unavailableBecause());
    }

    /** A datagram read by the native socket, as the edge would read it. */
    private record Received(String text, InetSocketAddress from, boolean truncated, int length) {}

    @Test
    void anIpv4SocketReceivesAndAnswersIpv4() throws Exception {
        try (NativeUdpSocket socket = open("127.0.0.1", false);
                DatagramSocket peer = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            InetSocketAddress local = socket.localAddress();
            assertThat(local.getAddress()).isEqualTo(InetAddress.getByName("127.0.0.1"));
            assertThat(local.getPort()).isPositive();
            send(peer, "hello", local);

            Received hello = receive(socket, 1).getFirst();
            assertThat(hello.text()).isEqualTo("hello");
            assertThat(hello.from()).isEqualTo(peer.getLocalSocketAddress());

            socket.queue("answer".getBytes(StandardCharsets.US_ASCII), hello.from());
            socket.flush();
            assertThat(receiveText(peer)).isEqualTo("answer");
            assertThat(socket.unsentDatagrams()).isZero();
        }
    }

    @Test
    void aWildcardSocketServesIpv6AndGivesIpv4PeersAsPlainIpv4() throws Exception {
        try (NativeUdpSocket socket = open("0.0.0.0", false);
                DatagramSocket v4 = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"));
                DatagramSocket v6 = new DatagramSocket(0, InetAddress.getByName("::1"))) {
            int port = socket.localAddress().getPort();
            assertThat(socket.localAddress().getAddress()).isInstanceOf(Inet6Address.class); // bound to ::
            send(v4, "from v4", new InetSocketAddress("127.0.0.1", port));
            send(v6, "from v6", new InetSocketAddress("::1", port));

            List<Received> both = receive(socket, 2);
            Received fromV4 = both.stream()
                    .filter(r -> r.text().equals("from v4"))
                    .findFirst()
                    .orElseThrow();
            Received fromV6 = both.stream()
                    .filter(r -> r.text().equals("from v6"))
                    .findFirst()
                    .orElseThrow();
            // Mapped ::ffff:127.0.0.1 on the wire of the socket, plain IPv4 for the core (as Netty gives it).
            assertThat(fromV4.from().getAddress()).isInstanceOf(Inet4Address.class);
            assertThat(fromV4.from()).isEqualTo(v4.getLocalSocketAddress());
            assertThat(fromV6.from().getAddress()).isEqualTo(InetAddress.getByName("::1"));
            assertThat(fromV6.from().getPort()).isEqualTo(v6.getLocalPort());

            // An IPv4 destination leaves a dual-stack socket as a mapped address and arrives as IPv4.
            socket.queue("to v4".getBytes(StandardCharsets.US_ASCII), fromV4.from());
            socket.queue("to v6".getBytes(StandardCharsets.US_ASCII), fromV6.from());
            socket.flush();
            assertThat(receiveText(v4)).isEqualTo("to v4");
            assertThat(receiveText(v6)).isEqualTo("to v6");
        }
    }

    @Test
    void anIpv6DestinationFromAnIpv4SocketIsCountedUnsentNotThrown() throws Exception {
        try (NativeUdpSocket socket = open("127.0.0.1", false)) {
            socket.queue(new byte[] {1}, new InetSocketAddress("::1", 9));
            socket.flush();
            assertThat(socket.unsentDatagrams()).isEqualTo(1);
        }
    }

    @Test
    void moreDatagramsThanSlotsAreReadOverSeveralCallsAndSentOverSeveralBatches() throws Exception {
        int count = 4 * SMALL_BATCHES.datagramsPerCall() + 1;
        try (NativeUdpSocket socket = open("127.0.0.1", false);
                DatagramSocket peer = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            for (int i = 0; i < count; i++) {
                send(peer, "n" + i, socket.localAddress());
            }
            Set<String> texts = new HashSet<>();
            for (Received received : receive(socket, count)) {
                texts.add(received.text());
            }
            assertThat(texts).hasSize(count).contains("n0", "n" + (count - 1));

            for (int i = 0; i < count; i++) { // queue sends each full batch of slots on its own
                socket.queue(("a" + i).getBytes(StandardCharsets.US_ASCII), (InetSocketAddress)
                        peer.getLocalSocketAddress());
            }
            assertThat(socket.queued()).isLessThanOrEqualTo(SMALL_BATCHES.datagramsPerCall());
            socket.flush();
            Set<String> answers = new HashSet<>();
            for (int i = 0; i < count; i++) {
                answers.add(receiveText(peer));
            }
            assertThat(answers).hasSize(count);
            assertThat(socket.unsentDatagrams()).isZero();
        }
    }

    @Test
    void aBatchAfterAShortFlushIsSentWithOneCallNotSplitAtTheEndOfItsChunk() throws Exception {
        UdpSocketOptions batchesOf32 = new UdpSocketOptions(1 << 20, 1 << 20, 32, 128);
        try (NativeUdpSocket socket = NativeUdpSocket.open(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), batchesOf32, false);
                DatagramSocket peer = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            peer.setReceiveBufferSize(1 << 20);
            InetSocketAddress to = (InetSocketAddress) peer.getLocalSocketAddress();
            // A wake-up that answered 100: three batches of 32 and a flush of the last 4.
            queueAndFlush(socket, 100, to);
            long before = socket.sendCalls();

            // The next wake-up's 128 answers: four batches of 32, each one sendmmsg, as for the first.
            queueAndFlush(socket, NativeSendQueue.CHUNK_DATAGRAMS, to);

            assertThat(socket.sendCalls() - before).isEqualTo(4);
            assertThat(socket.unsentDatagrams()).isZero();
        }
    }

    private static void queueAndFlush(NativeUdpSocket socket, int answers, InetSocketAddress to) {
        for (int i = 0; i < answers; i++) {
            socket.queue(new byte[] {(byte) i}, to);
        }
        assertThat(socket.flush()).isTrue();
    }

    @Test
    void aDatagramLongerThanASlotIsCutToTheSlotAndMarkedTruncated() throws Exception {
        try (NativeUdpSocket socket = open("127.0.0.1", false);
                DatagramSocket peer = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            byte[] oversize = new byte[NativeUdpSocket.SLOT_BYTES + 100];
            peer.send(new DatagramPacket(oversize, oversize.length, socket.localAddress()));
            send(peer, "small", socket.localAddress());

            List<Received> both = receive(socket, 2);
            assertThat(both.get(0).truncated()).isTrue();
            assertThat(both.get(0).length()).isEqualTo(NativeUdpSocket.SLOT_BYTES);
            assertThat(both.get(1).truncated()).isFalse();
            assertThat(both.get(1).text()).isEqualTo("small");
        }
    }

    @Test
    void anAnswerLongerThanASlotIsCountedUnsent() throws Exception {
        try (NativeUdpSocket socket = open("127.0.0.1", false)) {
            socket.queue(new byte[NativeUdpSocket.SLOT_BYTES + 1], new InetSocketAddress("127.0.0.1", 9));
            assertThat(socket.queued()).isZero();
            assertThat(socket.unsentDatagrams()).isEqualTo(1);
        }
    }

    @Test
    void twoSocketsShareAPortWithReusePortAndNotWithout() throws Exception {
        try (NativeUdpSocket first = open("127.0.0.1", true)) {
            InetSocketAddress taken = first.localAddress();
            try (NativeUdpSocket second = NativeUdpSocket.open(taken, SMALL_BATCHES, true)) {
                assertThat(second.localAddress()).isEqualTo(taken);
                assertThat(second.reusePort()).isTrue();
            }
            assertThatThrownBy(() ->
                            NativeUdpSocket.open(taken, SMALL_BATCHES, false).close())
                    .isInstanceOf(BindException.class)
                    .hasMessageContaining("already in use");
        }
    }

    @Test
    void theBuffersAskedForAreSet() throws Exception {
        try (NativeUdpSocket socket = open("127.0.0.1", false)) {
            // Linux reports twice what it grants.
            assertThat(socket.receiveBufferBytes()).isEqualTo(2 * SMALL_BATCHES.receiveBufferBytes());
            assertThat(socket.sendBufferBytes()).isEqualTo(2 * SMALL_BATCHES.sendBufferBytes());
            assertThat(socket.reusePort()).isFalse();
        }
    }

    @Test
    void readingAfterCloseFailsAndClosingTwiceDoesNothing() throws Exception {
        NativeUdpSocket socket = open("127.0.0.1", false);
        assertThat(socket.receive()).isZero(); // nothing waiting: no error, no block
        socket.close();
        socket.close();
        assertThat(socket.isOpen()).isFalse();
        assertThatThrownBy(socket::receive).isInstanceOf(IllegalStateException.class);
    }

    private static NativeUdpSocket open(String host, boolean reusePort) throws IOException {
        return NativeUdpSocket.open(new InetSocketAddress(host, 0), SMALL_BATCHES, reusePort);
    }

    private static void send(DatagramSocket from, String text, InetSocketAddress to) throws IOException {
        byte[] data = text.getBytes(StandardCharsets.US_ASCII);
        from.send(new DatagramPacket(data, data.length, to));
    }

    private static String receiveText(DatagramSocket socket) throws IOException {
        byte[] buffer = new byte[2048];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.setSoTimeout(5000);
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("nothing arrived in 5 s", e);
        }
        return new String(buffer, 0, packet.getLength(), StandardCharsets.US_ASCII);
    }

    /** Reads until {@code count} datagrams came (or fails at the deadline), in arrival order. */
    private static List<Received> receive(NativeUdpSocket socket, int count) throws IOException {
        List<Received> all = new ArrayList<>();
        byte[] copy = new byte[NativeUdpSocket.SLOT_BYTES];
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (all.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("received " + all.size() + " of " + count + " datagrams");
            }
            int received = socket.receive();
            assertThat(received).isLessThanOrEqualTo(SMALL_BATCHES.datagramsPerCall());
            for (int i = 0; i < received; i++) {
                socket.copy(i, copy);
                int length = socket.length(i);
                all.add(new Received(
                        new String(copy, 0, length, StandardCharsets.US_ASCII),
                        socket.sender(i),
                        socket.truncated(i),
                        length));
            }
            if (received == 0) {
                Thread.onSpinWait();
            }
        }
        return all;
    }
}
