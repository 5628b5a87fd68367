package io.p2pcam.cloud.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.endpoint.CameraEndpoint;
import io.p2pcam.protocol.noise.ReplayWindow;
import io.p2pcam.protocol.pairing.HandshakeAdmission;
import io.p2pcam.protocol.pairing.HandshakeEnvelope;
import io.p2pcam.protocol.pairing.HandshakeRefusal;
import io.p2pcam.protocol.pairing.PairingStore;
import io.p2pcam.protocol.pairing.UnpairedBudget;
import io.p2pcam.protocol.recovery.JitterBuffer;
import io.p2pcam.protocol.recovery.MediaReceiver;
import io.p2pcam.protocol.recovery.RecoveryTiming;
import io.p2pcam.protocol.recovery.SenderLink;
import io.p2pcam.protocol.recovery.VideoReceiver;
import io.p2pcam.protocol.session.RekeyLimits;
import io.p2pcam.protocol.session.SessionHello;
import io.p2pcam.protocol.session.SessionPacket;
import io.p2pcam.protocol.session.SessionTimers;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The handshake's sizes and limits (§10.1), the session timers (§10.4) and the media feedback timers and limits (§10.6) docs/PROTOCOL.md
 * states are the session code's: each expectation is built from the constant it documents.
 */
class ProtocolSessionDocumentTest {
    private static final MarkdownDocument FEEDBACK =
            MarkdownDocument.read("docs/PROTOCOL.md").section("10.6 Media feedback and recovery");

    @Test
    void theHandshakeSectionGivesTheEnvelopeAndPayloadLimits() {
        String text = MarkdownDocument.read("docs/PROTOCOL.md")
                .section("10.1 Handshake")
                .text()
                .replaceAll("\\s*\n\\s*", " ");
        UnpairedBudget.Limits budget = UnpairedBudget.Limits.DEFAULTS;

        assertThat(text)
                .contains("**Envelope** (the CONNECT_REQUEST handshake blob), %d bytes then the Noise message"
                        .formatted(HandshakeEnvelope.NOISE_OFFSET))
                .contains("Noise IK message 1 (at least %d bytes)".formatted(HandshakeEnvelope.MIN_NOISE_BYTES))
                .contains("The blob must be at least %d + %d bytes"
                        .formatted(HandshakeEnvelope.NOISE_OFFSET, HandshakeEnvelope.MIN_NOISE_BYTES))
                .contains("u8 count (≤ %d)".formatted(SessionHello.MAX_CANDIDATES))
                .contains("u8 length (≤ %d) then UTF-8; empty".formatted(SessionHello.MAX_PASSWORD_BYTES))
                .contains("u8 length (≤ %d) then UTF-8 (shown".formatted(SessionHello.MAX_NAME_BYTES))
                .contains("(one HMAC per pairing, at most %d)".formatted(PairingStore.MAX_PAIRINGS))
                .contains("already keeps %d pairings".formatted(PairingStore.MAX_PAIRINGS))
                .contains("blob is a %d-byte **refusal**".formatted(HandshakeRefusal.BYTES))
                .contains("within ±%d s".formatted(HandshakeAdmission.WINDOW_SECONDS))
                .contains("in the last %d s".formatted(2 * HandshakeAdmission.WINDOW_SECONDS))
                .contains("%d sources tracked".formatted(budget.maxSources()))
                .contains("so do %d min without a failure".formatted(3 * budget.maxBackoffMillis() / 60_000));
    }

    @Test
    void theSessionPacketSectionGivesTheCodesKindsAndSizes() {
        MarkdownDocument packets = MarkdownDocument.read("docs/PROTOCOL.md").section("10.2 Session packets");
        String text = packets.text().replaceAll("\\s*\n\\s*", " ");

        assertThat(SessionPacket.MAGIC).isEqualTo(0x53);
        assertThat(text)
                .contains("associated data = the %d header bytes".formatted(SessionPacket.HEADER_BYTES))
                .contains("sliding replay window of %d counters (the highest accepted and the %d below it"
                        .formatted(ReplayWindow.WINDOW_SIZE + 1, ReplayWindow.WINDOW_SIZE))
                .contains("Datagrams stay ≤ %d bytes: bodies ≤ %d bytes"
                        .formatted(SessionPacket.MAX_DATAGRAM, SessionPacket.MAX_BODY));
        List<String> kinds = new java.util.ArrayList<>();
        for (List<String> row : packets.tableRows()) {
            if (row.getFirst().matches("\\d+")) {
                SessionPacket.Kind kind = SessionPacket.Kind.valueOf(row.get(1));
                assertThat(kind.code()).as(row.get(1)).isEqualTo(Integer.parseInt(row.getFirst()));
                kinds.add(row.get(1));
            }
        }
        assertThat(kinds)
                .containsExactlyInAnyOrderElementsOf(java.util.Arrays.stream(SessionPacket.Kind.values())
                        .filter(kind -> kind != SessionPacket.Kind.UNKNOWN)
                        .map(Enum::name)
                        .toList());
    }

    @Test
    void theSessionTimersTableIsTheDefaults() {
        MarkdownDocument timers = MarkdownDocument.read("docs/PROTOCOL.md").section("10.4 Timers");
        SessionTimers session = SessionTimers.DEFAULT;
        RekeyLimits rekey = RekeyLimits.DEFAULT;
        UnpairedBudget.Limits budget = UnpairedBudget.Limits.DEFAULTS;

        assertThat(timers.valueOf("probe pacing")).startsWith(session.probeIntervalMillis() + " ms");
        assertThat(timers.valueOf("relay probing starts"))
                .isEqualTo(
                        "%d s after the side's own start, without a path (at its start for a side on TCP to the brokering node); then every %d ms"
                                .formatted(session.relayAfterMillis() / 1000, 5 * session.probeIntervalMillis()));
        assertThat(session.withRelayAtOnce().relayAfterMillis()).isZero();
        assertThat(timers.valueOf("background search"))
                .isEqualTo(
                        "one candidate per tick, every %d ms for %d s from when the path became the relay or went quiet, then every %d s"
                                .formatted(
                                        session.searchIntervalMillis(),
                                        session.punchTimeoutMillis() / 1000,
                                        8 * session.searchIntervalMillis() / 1000));
        assertThat(timers.valueOf("quiet path")).startsWith(session.quietPathMillis() / 1000.0 + " s without");
        assertThat(timers.valueOf("viewer follows"))
                .contains("quiet " + session.viewerFollowsAfterMillis() / 1000 + " s");
        assertThat(timers.valueOf("punch timeout")).isEqualTo(session.punchTimeoutMillis() / 1000 + " s");
        assertThat(timers.valueOf("keepalive when idle")).isEqualTo(session.keepaliveMillis() / 1000 + " s");
        assertThat(timers.valueOf("silence before closing")).isEqualTo(session.silenceMillis() / 1000 + " s");
        assertThat(rekey.rekeyAfterMessages()).isEqualTo(1L << 60);
        assertThat(timers.valueOf("key update"))
                .isEqualTo(
                        "keys %d s old or 2^60 packets; never sealed under keys %d s old; previous receive key kept %d s"
                                .formatted(
                                        rekey.rekeyAfterMillis() / 1000,
                                        rekey.rejectAfterMillis() / 1000,
                                        rekey.previousKeyMillis() / 1000));
        assertThat(timers.valueOf("receiver report"))
                .isEqualTo("every " + MediaReceiver.REPORT_INTERVAL_MILLIS + " ms");
        assertThat(timers.valueOf("sender report"))
                .isEqualTo("every " + SenderLink.REPORT_INTERVAL_MILLIS / 1000 + " s");
        assertThat(timers.valueOf("handshake freshness window"))
                .isEqualTo("±%d s of the camera's clock; ephemeral keys remembered %d s"
                        .formatted(HandshakeAdmission.WINDOW_SECONDS, 2 * HandshakeAdmission.WINDOW_SECONDS));
        assertThat(timers.valueOf("unpaired budget"))
                .isEqualTo(("camera-wide %d then 1 per %d ms; per source (IPv4 / IPv6 /64) %d then 1 per %d s;"
                                + " %d wrong passwords free, then a wait doubling from 1 s to %d s")
                        .formatted(
                                budget.burst(),
                                budget.refillMillis(),
                                budget.sourceBurst(),
                                budget.sourceRefillMillis() / 1000,
                                budget.freeFailures(),
                                budget.maxBackoffMillis() / 1000));
    }

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
