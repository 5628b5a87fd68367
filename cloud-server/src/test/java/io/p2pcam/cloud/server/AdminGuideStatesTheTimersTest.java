package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.cloud.docs.MarkdownDocument;
import io.p2pcam.protocol.cloud.CameraRegistration;
import io.p2pcam.protocol.cloud.CloudHomes;
import io.p2pcam.protocol.cloud.ConnectThroughNodes;
import io.p2pcam.protocol.cloud.RetransmitSchedule;
import org.junit.jupiter.api.Test;

/**
 * The times docs/ADMIN.md gives for several nodes and for a cluster are the code's: each
 * expectation is built from the constant it describes, so a changed timer fails here until the
 * guide follows.
 */
class AdminGuideStatesTheTimersTest {
    private static final MarkdownDocument ADMIN = MarkdownDocument.read("docs/ADMIN.md");

    @Test
    void theSeveralNodesSectionStatesTheCamerasAndViewersTimers() {
        String text =
                ADMIN.section("Cameras and viewers with several nodes").text().replace("\n  ", " ");
        RetransmitSchedule reregister = RetransmitSchedule.REREGISTER;
        long unanswered = 0;
        for (int attempt = 0; attempt <= CameraRegistration.KEEPALIVE_RETRIES; attempt++) {
            unanswered += Math.min(
                    RetransmitSchedule.REQUEST.maxMillis(), RetransmitSchedule.REQUEST.initialMillis() << attempt);
        }

        assertThat(CloudHomes.HOMES).isEqualTo(2);
        assertThat(text)
                .contains("registers with the **first two** at once")
                .contains("about %.1f s of unanswered keepalives".formatted(unanswered / 1000.0))
                .contains("(%d s, then %d s and %d s for further moves before it registers again, each ×(1 ± %s))"
                        .formatted(
                                reregister.initialMillis() / 1000,
                                reregister.initialMillis() * 2 / 1000,
                                reregister.maxMillis() / 1000,
                                reregister.jitter()))
                .contains("has not answered within %s s".formatted(ConnectThroughNodes.NODE_TIMEOUT_MILLIS / 1000.0));
    }

    @Test
    void theClusterSectionStatesTheHeartbeatAndMembershipLapse() {
        String text = ADMIN.section("Running a cluster").text().replace("\n  ", " ");

        assertThat(text)
                .contains("(renewed every %d s, lapses after %d s)"
                        .formatted(ClusterNode.HEARTBEAT_MILLIS / 1000, RedisRegistry.NODE_TTL_MILLIS / 1000))
                .contains(
                        "a node that dies is passed over within %d s".formatted(RedisRegistry.NODE_TTL_MILLIS / 1000));
        assertThat(ClusterNode.HEARTBEAT_MILLIS).isEqualTo(1_000);
        assertThat(ADMIN.section("Health and metrics").text()).contains("tries Redis again every second");
    }
}
