package io.p2pcam.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorCode;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorReply;
import io.p2pcam.protocol.cloud.CloudMessage.Lookup;
import io.p2pcam.protocol.cloud.CloudMessage.LookupResult;
import io.p2pcam.protocol.cloud.CloudPathMove;
import io.p2pcam.protocol.identity.CameraId;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import org.junit.jupiter.api.Test;

/**
 * A path that moved to TCP and finds TCP does not work there (refused, blocked, the cloud silent on
 * it) goes back to UDP, and tries TCP again only after a wait: a failed path is retried later, the
 * other used meanwhile (PROTOCOL.md §3.1). Before 2026-12-05 a client whose UDP was refused and
 * whose TCP was blocked stayed on the silent TCP until the viewer's deadline.
 */
class CloudPathTcpFailureTest {
    private static final CameraId SOME_CAMERA = CameraId.fromBytes(new byte[CameraId.BYTES]);

    @Test
    void requestsUnansweredOverTcpTakeThePathBackToUdp() throws Exception {
        try (ServerSocketChannel silent = listening();
                Selector selector = Selector.open();
                CloudPath path = new CloudPath(address(silent), selector)) {
            refuseOverUdp(path, 1, 0);
            assertThat(path.check(0)).as("to TCP").isTrue();
            assertThat(path.lastMove()).isEqualTo(CloudPathMove.REFUSED_OVER_UDP);
            // The cloud never answers there (a middlebox, a connect that never completes).
            path.send(request(1), 0);
            path.send(request(1), 500);
            path.send(request(1), 1_500);
            assertThat(path.nextCheckAt(1_600)).as("a move back due").isEqualTo(1_900);
            assertThat(path.check(1_899)).isFalse();
            assertThat(path.check(1_900)).as("back to UDP, reported").isTrue();
            assertThat(path.lastMove()).as("the endpoint learns why").isEqualTo(CloudPathMove.TCP_FAILED);
            assertThat(path.overTcp()).isFalse();
            assertThat(path.send(request(1), 1_900)).as("over UDP").isFalse();
        }
    }

    @Test
    void afterTcpFailedARefusalOverUdpWaitsBeforeTryingTcpAgain() throws Exception {
        try (ServerSocketChannel silent = listening();
                Selector selector = Selector.open();
                CloudPath path = new CloudPath(address(silent), selector)) {
            failOverTcp(path);

            refuseOverUdp(path, 2, 2_000);
            assertThat(path.check(2_000)).as("TCP just failed: stays on UDP").isFalse();
            assertThat(path.overTcp()).isFalse();
            long retry = path.nextCheckAt(2_000);
            assertThat(retry).as("TCP is tried again later").isEqualTo(1_900 + TcpRetry.FIRST_WAIT_MILLIS);
            assertThat(path.check(retry)).as("TCP again").isTrue();
            assertThat(path.overTcp()).isTrue();
        }
    }

    @Test
    void aRefusedTcpConnectionIsNotTriedAgainAtOnce() throws Exception {
        InetSocketAddress closed;
        try (ServerSocketChannel gone = listening()) {
            closed = address(gone); // nothing listens there once closed: connects are refused
        }
        try (Selector selector = Selector.open();
                CloudPath path = new CloudPath(closed, selector)) {
            refuseOverUdp(path, 1, 0);
            assertThat(path.check(0)).as("to TCP").isTrue();
            long deadline = System.nanoTime() + 5_000_000_000L;
            boolean back = false;
            while (!back && System.nanoTime() < deadline) {
                CloudPathTest.turn(selector, path);
                back = path.check(10);
            }
            assertThat(back).as("refused: back to UDP").isTrue();
            refuseOverUdp(path, 2, 20);
            assertThat(path.check(20))
                    .as("not straight back to the TCP that was just refused")
                    .isFalse();
            assertThat(path.overTcp()).isFalse();
        }
    }

    @Test
    void aPathHeldOffTcpThatUdpAnswersAgainForgetsTheRefusal() throws Exception {
        try (ServerSocketChannel silent = listening();
                Selector selector = Selector.open();
                CloudPath path = new CloudPath(address(silent), selector)) {
            failOverTcp(path);

            refuseOverUdp(path, 2, 2_000);
            path.send(request(2), 2_500);
            byte[] answer = CloudCodec.encode(LookupResult.unavailable(2));
            assertThat(path.heardOverUdp(path.cloud(), answer, answer.length))
                    .as("the endpoint's")
                    .isFalse();
            assertThat(path.nextCheckAt(2_600)).as("UDP serves it again").isEqualTo(Long.MAX_VALUE);
            assertThat(path.check(60_000)).isFalse();
        }
    }

    /**
     * Refused over UDP at 0, the path moves to TCP, where the request goes unanswered at 0, 500
     * and 1,500 ms (the endpoint's retransmissions): at 1,900 it is back on UDP.
     */
    private static void failOverTcp(CloudPath path) {
        refuseOverUdp(path, 1, 0);
        assertThat(path.check(0)).as("to TCP").isTrue();
        path.send(request(1), 0);
        path.send(request(1), 500);
        path.send(request(1), 1_500);
        assertThat(path.check(1_900)).as("back to UDP").isTrue();
    }

    /** A LOOKUP under {@code transaction}: a request the cloud answers. */
    static byte[] request(long transaction) {
        return CloudCodec.encode(new Lookup(transaction, SOME_CAMERA));
    }

    /** The client asks under {@code transaction} at {@code now}, and the cloud refuses it over UDP for rate. */
    static void refuseOverUdp(CloudPath path, long transaction, long now) {
        assertThat(path.send(request(transaction), now)).as("over UDP").isFalse();
        byte[] refusal = CloudCodec.encode(new ErrorReply(transaction, ErrorCode.RATE_LIMITED));
        assertThat(path.heardOverUdp(path.cloud(), refusal, refusal.length)).isTrue();
    }

    static ServerSocketChannel listening() throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return server;
    }

    static InetSocketAddress address(ServerSocketChannel server) throws IOException {
        return (InetSocketAddress) server.getLocalAddress();
    }
}
