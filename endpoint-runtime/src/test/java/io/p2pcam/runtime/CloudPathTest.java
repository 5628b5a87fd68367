package io.p2pcam.runtime;

import static io.p2pcam.runtime.CloudPathTcpFailureTest.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorCode;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorReply;
import io.p2pcam.protocol.cloud.CloudMessage.LookupResult;
import io.p2pcam.protocol.cloud.CloudPathMove;
import java.io.IOException;
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
                assertThat(path.send(request(i), i * 1_000L)).isFalse();
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
                assertThat(path.send(request(i), i * 1_000L)).isFalse();
                byte[] answer = CloudCodec.encode(LookupResult.unavailable(i));
                path.heardOverUdp(cloud, answer, answer.length);
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
                path.send(new byte[] {1}, i * 1_000L); // no cloud request: a relay frame, a CONNECT_ANSWER
            }
            path.check(10_000);
            assertThat(path.overTcp()).isFalse();
        }
    }

    @Test
    void unansweredRequestsMoveToTcpAndTheSwitchIsReportedOnce() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open();
                Selector selector = Selector.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            InetSocketAddress cloud = (InetSocketAddress) server.getLocalAddress();
            try (CloudPath path = new CloudPath(cloud, selector)) {
                path.send(request(1), 0);
                path.send(request(2), 700);
                path.send(request(3), 1_400);
                assertThat(path.check(1_799))
                        .as("the last send not yet 400 ms old")
                        .isFalse();
                assertThat(path.check(1_800)).as("switched").isTrue();
                assertThat(path.overTcp()).isTrue();
                assertThat(path.check(1_850)).as("reported once").isFalse();
                try (SocketChannel accepted = server.accept()) {
                    assertThat(path.send(new byte[] {4}, 1_900))
                            .as("now over TCP")
                            .isTrue();
                    long deadline = System.nanoTime() + 5_000_000_000L;
                    ByteBuffer frames = ByteBuffer.allocate(3);
                    accepted.configureBlocking(false);
                    while (frames.hasRemaining() && System.nanoTime() < deadline) {
                        turn(selector, path);
                        accepted.read(frames);
                    }
                    // Only what the endpoint sends from now on: a request made on UDP may be bound to
                    // the UDP address (a registration cookie), so the path does not repeat it.
                    assertThat(frames.array()).containsExactly(0, 1, 4);
                }
            }
        }
    }

    @Test
    void aBrokenTcpLinkTakesThePathBackToUdpAndThatIsReportedToo() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open();
                Selector selector = Selector.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            InetSocketAddress cloud = (InetSocketAddress) server.getLocalAddress();
            try (CloudPath path = new CloudPath(cloud, selector)) {
                moveToTcp(path);
                server.accept().close(); // the cloud goes away
                long deadline = System.nanoTime() + 5_000_000_000L;
                boolean switched = false;
                while (!switched && System.nanoTime() < deadline) {
                    turn(selector, path);
                    switched = path.check(2_500);
                }
                assertThat(switched).as("back to UDP, reported").isTrue();
                assertThat(path.overTcp()).isFalse();
                assertThat(path.send(new byte[] {2}, 2_600))
                        .as("over UDP again")
                        .isFalse();
            }
        }
    }

    @Test
    void onTcpTheCloudIsAskedOverUdpNowAndThenAndItsAnswerTakesThePathBack() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open();
                Selector selector = Selector.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            InetSocketAddress cloud = (InetSocketAddress) server.getLocalAddress();
            try (CloudPath path = new CloudPath(cloud, selector)) {
                assertThat(path.udpProbe(0)).as("on UDP").isNull();
                moveToTcp(path);
                try (SocketChannel accepted = server.accept()) {
                    assertThat(path.udpProbe(1_900)).isNull();
                    byte[] probe = path.udpProbe(1_800 + UdpReturnProbe.INTERVAL_MILLIS);
                    assertThat(probe).isNotNull();
                    byte[] stale = CloudCodec.encode(LookupResult.unavailable(1));
                    assertThat(path.heardOverUdp(cloud, stale, stale.length))
                            .as("not the probe's: for the endpoint")
                            .isFalse();
                    assertThat(path.check(1_800 + UdpReturnProbe.INTERVAL_MILLIS))
                            .isFalse();

                    byte[] answer = CloudCodec.encode(
                            LookupResult.unavailable(CloudCodec.decode(probe).transaction()));
                    assertThat(path.heardOverUdp(cloud, answer, answer.length)).isTrue();
                    assertThat(path.check(1_900 + UdpReturnProbe.INTERVAL_MILLIS))
                            .as("back to UDP, reported")
                            .isTrue();
                    assertThat(path.lastMove()).isEqualTo(CloudPathMove.UDP_WORKS_AGAIN);
                    assertThat(path.overTcp()).isFalse();
                    assertThat(path.send(new byte[] {2}, 2_000 + UdpReturnProbe.INTERVAL_MILLIS))
                            .isFalse();
                    selector.selectNow(); // a channel registered with a selector closes at its next selection
                    accepted.configureBlocking(false);
                    long deadline = System.nanoTime() + 5_000_000_000L;
                    int read = 0;
                    while (read == 0 && System.nanoTime() < deadline) {
                        read = accepted.read(ByteBuffer.allocate(1));
                        Thread.onSpinWait();
                    }
                    assertThat(read).as("the TCP link is closed").isEqualTo(-1);
                }
            }
        }
    }

    /**
     * A flood forged in the client's name over UDP (decision 0057) empties its UDP budgets at the
     * cloud and draws the cloud's ERROR RATE_LIMITED, once a second, to the client's address. Those
     * refusals say that UDP does not serve the client: they must not hold it there.
     */
    @Test
    void refusalsForRateOverUdpDoNotHoldThePathOnUdp() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open();
                Selector selector = Selector.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            InetSocketAddress cloud = (InetSocketAddress) server.getLocalAddress();
            try (CloudPath path = new CloudPath(cloud, selector)) {
                byte[] refusal = CloudCodec.encode(new ErrorReply(77, ErrorCode.RATE_LIMITED));
                for (int i = 0; i < 3; i++) {
                    path.send(request(1), i * 700L);
                    path.heardOverUdp(cloud, refusal, refusal.length); // another's request (the flood's)
                }
                assertThat(path.check(1_800)).as("switched to TCP").isTrue();
                assertThat(path.overTcp()).isTrue();
            }
        }
    }

    /**
     * Like DNS RRL's "slip": an ERROR RATE_LIMITED over UDP moves the path to TCP at once, where the
     * cloud keeps a budget apart for the client, and is not handed to the endpoint, which would end
     * its attempt; told of the move, the endpoint sends its request again over TCP (§3.1, §3.10.13).
     */
    @Test
    void aRefusalForRateOverUdpMovesThePathToTcpAtOnceAndGoesNoFurther() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open();
                Selector selector = Selector.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            InetSocketAddress cloud = (InetSocketAddress) server.getLocalAddress();
            try (CloudPath path = new CloudPath(cloud, selector)) {
                path.send(request(77), 0);
                assertThat(path.nextCheckAt(10)).as("one request: no move due").isEqualTo(Long.MAX_VALUE);
                byte[] refusal = CloudCodec.encode(new ErrorReply(77, ErrorCode.RATE_LIMITED));
                assertThat(path.heardOverUdp(cloud, refusal, refusal.length))
                        .as("the path's own, not the endpoint's")
                        .isTrue();
                assertThat(path.nextCheckAt(20)).as("a move due now").isEqualTo(20);
                assertThat(path.check(20)).as("switched to TCP").isTrue();
                assertThat(path.overTcp()).isTrue();
                assertThat(path.nextCheckAt(30)).isEqualTo(Long.MAX_VALUE);
                assertThat(path.heardOverUdp(cloud, refusal, refusal.length))
                        .as("a late refusal over UDP, on TCP: still not the endpoint's")
                        .isTrue();
                assertThat(path.check(40)).as("stays on TCP").isFalse();
            }
        }
    }

    @Test
    void aRefusalForRateOfTheUdpProbeDoesNotTakeThePathBack() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open();
                Selector selector = Selector.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            InetSocketAddress cloud = (InetSocketAddress) server.getLocalAddress();
            try (CloudPath path = new CloudPath(cloud, selector)) {
                moveToTcp(path);
                try (SocketChannel accepted = server.accept()) {
                    assertThat(accepted.isConnected()).isTrue();
                    byte[] probe = path.udpProbe(1_800 + UdpReturnProbe.INTERVAL_MILLIS);
                    byte[] refusal = CloudCodec.encode(
                            new ErrorReply(CloudCodec.decode(probe).transaction(), ErrorCode.RATE_LIMITED));
                    path.heardOverUdp(cloud, refusal, refusal.length);
                    assertThat(path.check(1_900 + UdpReturnProbe.INTERVAL_MILLIS))
                            .as("UDP still refuses this client: it stays on TCP")
                            .isFalse();
                    assertThat(path.overTcp()).isTrue();
                }
            }
        }
    }

    /** Three requests unanswered over 1.4 s, the newest for 400 ms: the path moves to TCP (as at 1,800 ms). */
    private static void moveToTcp(CloudPath path) {
        for (int i = 0; i < 3; i++) {
            path.send(request(1), i * 700L);
        }
        assertThat(path.check(1_800)).as("switched to TCP").isTrue();
    }

    /** One turn of the runner's selector for the path's TCP link: it connects, writes and reads there. */
    static void turn(Selector selector, CloudPath path) throws IOException {
        selector.select(100);
        for (SelectionKey key : selector.selectedKeys()) {
            if (key.attachment() instanceof CloudTcpLink link) {
                path.onTcpReady(link, datagram -> {});
            }
        }
        selector.selectedKeys().clear();
    }
}
