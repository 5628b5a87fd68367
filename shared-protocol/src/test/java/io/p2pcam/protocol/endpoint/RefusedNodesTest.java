package io.p2pcam.protocol.endpoint;

import static io.p2pcam.protocol.testing.Addresses.address;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.CloudPathMove;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** How long a node's refusal over UDP followed by TCP's failure counts (decision 0074), on a clock the test moves. */
class RefusedNodesTest {
    private static final InetSocketAddress NODE = address("203.0.113.1", 32100);
    private final RefusedNodes refused = new RefusedNodes();

    private void refusedThenTcpFailed(long at) {
        refused.moved(NODE, CloudPathMove.REFUSED_OVER_UDP, at);
        refused.moved(NODE, CloudPathMove.TCP_FAILED, at + 2_000);
    }

    @Test
    void aMarkLastsNinetySecondsAfterTcpFailedWithNothingNew() {
        refusedThenTcpFailed(0);

        assertThat(refused.any(2_000 + RefusedNodes.MARK_MILLIS - 1)).isTrue();
        assertThat(refused.any(2_000 + RefusedNodes.MARK_MILLIS)).isFalse();
    }

    @Test
    void refusalsThatGoOnEveryMinuteKeepTheMarkWithoutAGap() {
        for (long at = 0; at <= 600_000; at += 62_000) { // TCP tried again at its 60 s cap, failing in 2 s
            refusedThenTcpFailed(at);
            assertThat(refused.any(at + 61_999)).as("at %d ms", at + 61_999).isTrue();
        }
    }

    @Test
    void aRefusalLongBeforeTcpFailsMarksNothing() {
        refused.moved(NODE, CloudPathMove.REFUSED_OVER_UDP, 0);
        refused.moved(NODE, CloudPathMove.TCP_FAILED, RefusedNodes.MARK_MILLIS);

        assertThat(refused.any(RefusedNodes.MARK_MILLIS)).isFalse();
    }

    @Test
    void hearingFromTheNodeEndsItsMarkAtOnce() {
        refusedThenTcpFailed(0);
        refused.heardFrom(NODE);

        assertThat(refused.any(2_000)).isFalse();
    }
}
