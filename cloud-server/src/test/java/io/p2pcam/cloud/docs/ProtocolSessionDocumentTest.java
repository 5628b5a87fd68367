package io.p2pcam.cloud.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.endpoint.CameraEndpoint;
import io.p2pcam.protocol.recovery.JitterBuffer;
import io.p2pcam.protocol.recovery.MediaReceiver;
import io.p2pcam.protocol.recovery.RecoveryTiming;
import io.p2pcam.protocol.recovery.SenderLink;
import io.p2pcam.protocol.recovery.VideoReceiver;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The media feedback timers and limits docs/PROTOCOL.md §10.6 states are the session code's: each
 * expectation is built from the constant it documents.
 */
class ProtocolSessionDocumentTest {
    private static final MarkdownDocument FEEDBACK =
            MarkdownDocument.read("docs/PROTOCOL.md").section("10.6 Media feedback and recovery");

    @Test
    void theFeedbackTableStatesTheReportIntervalsAndRetries() {
        assertThat(row("200").get(3)).startsWith("every " + SenderLink.REPORT_INTERVAL_MILLIS / 1000 + " s");
        assertThat(row("201").get(3)).startsWith("every " + MediaReceiver.REPORT_INTERVAL_MILLIS + " ms");
        assertThat(row("205 / 1").get(3))
                .endsWith("at most " + JitterBuffer.MAX_NACKS_PER_PACKET + " times per packet");
        assertThat(row("206 / 1").get(3))
                .contains("again every " + VideoReceiver.KEYFRAME_RETRY_MILLIS + " ms")
                .contains("never two within " + VideoReceiver.KEYFRAME_RETRY_MILLIS + " ms");
    }

    @Test
    void theRecoveryLimitsAreTheCodes() {
        String text = FEEDBACK.text().replace('\n', ' ');

        assertThat(text)
                .contains("the last " + CameraEndpoint.SEND_HISTORY_PACKETS + " packets it sent")
                .contains("at most " + SenderLink.MAX_PENDING_RETRANSMISSIONS + " retransmissions wait per viewer")
                .contains("clamped to %d–%d ms (%d ms RTT assumed until measured)"
                        .formatted(
                                RecoveryTiming.MIN_WAIT_MILLIS,
                                RecoveryTiming.MAX_WAIT_MILLIS,
                                RecoveryTiming.INITIAL_RTT_MILLIS));
        // 3 × (RTT + 2·jitter + 5 ms) + 5 ms, at a 100 ms RTT and no jitter: 320 ms.
        assertThat(RecoveryTiming.waitMillis(100, 0)).isEqualTo(3 * (100 + 5) + 5);
        assertThat(RecoveryTiming.retryMillis(100, 10)).isEqualTo(100 + 2 * 10 + 5);
    }

    private static List<String> row(String first) {
        return FEEDBACK.tableRows().stream()
                .filter(row -> row.getFirst().equals(first))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row " + first));
    }
}
