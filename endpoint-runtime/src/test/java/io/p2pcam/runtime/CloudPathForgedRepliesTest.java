package io.p2pcam.runtime;

import static io.p2pcam.runtime.CloudPathTcpFailureTest.address;
import static io.p2pcam.runtime.CloudPathTcpFailureTest.listening;
import static io.p2pcam.runtime.CloudPathTcpFailureTest.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorCode;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorReply;
import io.p2pcam.protocol.cloud.CloudMessage.LookupResult;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
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
            assertThat(path.overTcp()).isTrue();
        }
    }
}
