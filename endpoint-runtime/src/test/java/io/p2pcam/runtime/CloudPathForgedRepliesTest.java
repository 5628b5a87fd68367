package io.p2pcam.runtime;

import static io.p2pcam.runtime.CloudPathTcpFailureTest.address;
import static io.p2pcam.runtime.CloudPathTcpFailureTest.listening;
import static io.p2pcam.runtime.CloudPathTcpFailureTest.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectForward;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorCode;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorReply;
import io.p2pcam.protocol.cloud.CloudMessage.LookupResult;
import io.p2pcam.protocol.cloud.CloudPathMove;
import io.p2pcam.protocol.cloud.RelayGrant;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Anyone can send a datagram from the cloud's address. What changes a client's path must answer a
 * request the client has outstanding (its transaction ID, which the cloud's every reply echoes,
 * PROTOCOL.md §3.4): an off-path forger cannot know it (§3.1).
 */
class CloudPathForgedRepliesTest {
    @Test
    void aRefusalForRateUnderATransactionThisClientNeverUsedMovesNothing() throws Exception {
        try (ServerSocketChannel server = listening();
                Selector selector = Selector.open();
                CloudPath path = new CloudPath(address(server), selector)) {
            path.send(request(5), 0);
            byte[] forged = CloudCodec.encode(new ErrorReply(77, ErrorCode.RATE_LIMITED));
            path.heardOverUdp(path.cloud(), forged, forged.length);
            assertThat(path.nextCheckAt(10)).as("no move due").isEqualTo(Long.MAX_VALUE);
            assertThat(path.check(10)).as("stays on UDP").isFalse();
            assertThat(path.overTcp()).isFalse();
        }
    }

    @Test
    void aRefusalForRateWithNoRequestOutstandingMovesNothing() throws Exception {
        try (ServerSocketChannel server = listening();
                Selector selector = Selector.open();
                CloudPath path = new CloudPath(address(server), selector)) {
            byte[] forged = CloudCodec.encode(new ErrorReply(0, ErrorCode.RATE_LIMITED));
            path.heardOverUdp(path.cloud(), forged, forged.length);
            assertThat(path.check(10)).as("stays on UDP").isFalse();
            assertThat(path.overTcp()).isFalse();
        }
    }

    /**
     * On TCP, a camera registers over the connection and the cloud sends its forwards there (§3.1:
     * the connection's address is its registered address). A CONNECT_FORWARD from the cloud's
     * address over UDP meanwhile is a forgery (or belongs to the registration the move ended): it
     * never reaches the camera, which would spend a handshake's work on it and name an address of
     * the forger's choosing as the viewer's (PROTOCOL.md §4.7).
     */
    @Test
    void aConnectForwardOverUdpWhileTheCameraIsOnTcpNeverReachesIt() throws Exception {
        try (ServerSocketChannel server = listening();
                Selector selector = Selector.open();
                CloudPath path = new CloudPath(address(server), selector)) {
            byte[] forward = CloudCodec.encode(
                    new ConnectForward(9, List.of(Candidate.reflexive(address(server))), Bytes.EMPTY, RelayGrant.NONE));
            assertThat(path.heardOverUdp(path.cloud(), forward, forward.length))
                    .as("on UDP: the camera's")
                    .isFalse();

            CloudPathTcpFailureTest.refuseOverUdp(path, 1, 0);
            assertThat(path.check(0)).as("to TCP").isTrue();
            assertThat(path.heardOverUdp(path.cloud(), forward, forward.length))
                    .as("on TCP: dropped")
                    .isTrue();
        }
    }

    /**
     * A flood in the client's name keeps its requests unanswered over UDP; a forger sending it
     * anything from the cloud's address must not hold it there.
     */
    @Test
    void datagramsThatAnswerNoRequestDoNotHoldThePathOnUdp() throws Exception {
        try (ServerSocketChannel server = listening();
                Selector selector = Selector.open();
                CloudPath path = new CloudPath(address(server), selector)) {
            byte[] forged = CloudCodec.encode(LookupResult.unavailable(77));
            for (int i = 0; i < 3; i++) {
                path.send(request(5), i * 700L);
                assertThat(path.heardOverUdp(path.cloud(), forged, forged.length))
                        .as("for the endpoint, which ignores it")
                        .isFalse();
                path.heardOverUdp(path.cloud(), new byte[] {1, 2, 3}, 3);
            }
            assertThat(path.check(1_800))
                    .as("the requests went unanswered: to TCP")
                    .isTrue();
            assertThat(path.lastMove()).isEqualTo(CloudPathMove.UNANSWERED_OVER_UDP);
            assertThat(path.overTcp()).isTrue();
        }
    }
}
