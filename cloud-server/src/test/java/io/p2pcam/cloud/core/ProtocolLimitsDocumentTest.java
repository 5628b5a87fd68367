package io.p2pcam.cloud.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.cloud.docs.MarkdownDocument;
import io.p2pcam.protocol.cloud.CameraRegistration;
import io.p2pcam.protocol.cloud.ConnectThroughNodes;
import io.p2pcam.protocol.cloud.RetransmitSchedule;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The timers, limits and defaults docs/PROTOCOL.md states (§4.6, §6.1, §6.3, §6.4) are the code's:
 * each expectation is built from the constant or default it documents, so a changed default fails
 * here until the document follows.
 */
class ProtocolLimitsDocumentTest {
    private static final MarkdownDocument PROTOCOL = MarkdownDocument.read("docs/PROTOCOL.md");
    private static final CloudConfig DEFAULTS = CloudConfig.defaults();

    @Test
    void theDropReasonTableIsTheLabelsTheCloudCounts() {
        List<String> labels = PROTOCOL.section("6.3 Drop reasons").tableRows().stream()
                .map(List::getFirst)
                .filter(cell -> cell.startsWith("`"))
                .map(cell -> cell.replace("`", ""))
                .toList();

        assertThat(labels)
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(DropReason.values())
                        .map(DropReason::label)
                        .toList());
    }

    @Test
    void theDefaultsTableIsCloudConfigDefaults() {
        MarkdownDocument table = PROTOCOL.section("6.4 Cloud defaults");
        Quotas quotas = DEFAULTS.quotas();

        assertThat(table.valueOf("keepaliveInterval")).startsWith(seconds(DEFAULTS.keepaliveInterval()));
        assertThat(table.valueOf("missedKeepalives")).isEqualTo(String.valueOf(DEFAULTS.missedKeepalives()));
        assertThat(table.valueOf("challengeLifetime")).isEqualTo(seconds(DEFAULTS.challengeLifetime()));
        assertThat(table.valueOf("connectTimeout")).isEqualTo(seconds(DEFAULTS.connectTimeout()));
        assertThat(table.valueOf("registrationRate")).isEqualTo(rate(DEFAULTS.registrationRate()));
        assertThat(table.valueOf("requestRate")).isEqualTo(rate(DEFAULTS.requestRate()));
        assertThat(table.valueOf("maxCameras")).isEqualTo(number(DEFAULTS.maxCameras()));
        assertThat(table.valueOf("maxPendingConnects")).isEqualTo(number(DEFAULTS.maxPendingConnects()));
        assertThat(table.valueOf("quotas.maxSignatureChecks"))
                .startsWith(number(quotas.maxSignatureChecks()) + " ")
                .contains("(" + number(quotas.maxSignatureChecks() / 8) + ")");
        assertThat(table.valueOf("quotas.maxCookiesPerLifetime"))
                .startsWith(number(quotas.maxCookiesPerLifetime()) + " ")
                .contains("per " + seconds(DEFAULTS.challengeLifetime()) + " window");
        assertThat(table.valueOf("quotas.registrations")).isEqualTo(caps(quotas.registrations()));
        assertThat(table.valueOf("quotas.pendingConnects")).isEqualTo(caps(quotas.pendingConnects()));
        assertThat(table.valueOf("quotas.rateFactor56"))
                .startsWith(number((long) quotas.rateFactor56()) + ", " + number((long) quotas.rateFactor48()) + " ");
        RelayLimits relay = RelayLimits.on();
        assertThat(DEFAULTS.relay()).isEqualTo(RelayLimits.OFF);
        assertThat(table.valueOf("relay"))
                .startsWith("off (`RelayLimits.OFF`)")
                .contains(relay.peakBytesPerSecond() * 8 / 1_000_000 + " Mbit/s peak")
                .contains(relay.averageBytesPerSecond() * 8 / 1_000_000 + " Mbit/s on average over a minute")
                .contains(seconds(relay.idle()) + " idle")
                .contains(number(relay.maxSessions()) + " sessions")
                .contains(relay.maxSessionsPerCamera() + " per camera")
                .contains(relay.maxSessionsPerSource() + " per viewer address or IPv6 /64 ("
                        + PartyCaps.widening(relay.maxSessionsPerSource()).per56() + " per /56, "
                        + PartyCaps.widening(relay.maxSessionsPerSource()).per48() + " per /48)");
        assertThat(relay.averageWindow()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void theTimersTableIsTheTimers() {
        MarkdownDocument table = PROTOCOL.section("4.6 Timers");
        RetransmitSchedule request = RetransmitSchedule.REQUEST;
        RetransmitSchedule reregister = RetransmitSchedule.REREGISTER;

        assertThat(table.valueOf("Request retransmission"))
                .isEqualTo(backoff(request) + "; each wait ×(1 ± " + request.jitter() + ")");
        assertThat(table.text())
                .contains("`RetransmitSchedule.REQUEST` (initial %d, max %d, jitter %s)"
                        .formatted(request.initialMillis(), request.maxMillis(), request.jitter()))
                .contains("`RetransmitSchedule.REREGISTER` (%d, %d, %s)"
                        .formatted(reregister.initialMillis(), reregister.maxMillis(), reregister.jitter()))
                .contains("`KEEPALIVE_RETRIES = " + CameraRegistration.KEEPALIVE_RETRIES + "`");
        assertThat(table.valueOf("HELLO / REGISTER transmissions")).startsWith(CameraRegistration.REQUEST_TRIES + " ");
        assertThat(table.valueOf("KEEPALIVE transmissions"))
                .startsWith("1 + " + CameraRegistration.KEEPALIVE_RETRIES + " retries");
        assertThat(table.valueOf("Re-registration backoff")).startsWith(backoff(reregister));
        assertThat(table.valueOf("Keepalive interval"))
                .startsWith(seconds(DEFAULTS.keepaliveInterval()) + " ±10 %")
                .contains("at most " + CameraRegistration.NAT_KEEPALIVE_CAP_MILLIS / 1000 + " s");
        assertThat(table.valueOf("Missed keepalives")).isEqualTo(String.valueOf(DEFAULTS.missedKeepalives()));
        assertThat(table.valueOf("Registration expiry")).startsWith(seconds(DEFAULTS.expiry()));
        assertThat(table.valueOf("Challenge (cookie) lifetime")).isEqualTo(seconds(DEFAULTS.challengeLifetime()));
        assertThat(table.valueOf("Connect timeout")).isEqualTo(seconds(DEFAULTS.connectTimeout()));
        assertThat(table.valueOf("Connect result kept"))
                .startsWith(seconds(Duration.ofMillis(ConnectBroker.RESULT_KEPT_MILLIS)));
        assertThat(table.valueOf("Expiry sweep"))
                .startsWith("every " + Rendezvous.SWEEP_PERIOD_MILLIS + " ms; full pass ≤ "
                        + Rendezvous.SWEEP_PERIOD_MILLIS * Rendezvous.SWEEP_SLICES / 1000 + " s");
        assertThat(table.text()).contains("`SWEEP_SLICES = " + Rendezvous.SWEEP_SLICES + "`");
        assertThat(table.valueOf("Viewer: wait for one node"))
                .startsWith(ConnectThroughNodes.NODE_TIMEOUT_MILLIS / 1000.0 + " s");
    }

    @Test
    void theRateLimitSectionStatesTheDefaultRates() {
        String limits = PROTOCOL.section("6.1 Rate limits").text();
        CloudConfig.RateLimit rate = DEFAULTS.requestRate();

        assertThat(DEFAULTS.registrationRate()).isEqualTo(rate);
        assertThat(limits)
                .contains("Each defaults to %d per second sustained with a burst of %d"
                        .formatted((long) rate.perSecond(), rate.burst()))
                .contains("(%d × the rate and burst by default)"
                        .formatted((long) DEFAULTS.quotas().rateFactor56()))
                .contains("of its /48 (%d ×)".formatted((long) DEFAULTS.quotas().rateFactor48()));
        assertThat(PROTOCOL.section("6.3 Drop reasons").text())
                .contains("(%d at once, then %d/s per camera ID)"
                        .formatted(CameraConnectCap.BURST, CameraConnectCap.PER_SECOND));
    }

    /** "500 ms, 1 s, 2 s, then every 2 s": the waits until the cap, as the document writes them. */
    private static String backoff(RetransmitSchedule schedule) {
        StringBuilder text = new StringBuilder();
        long wait = schedule.initialMillis();
        while (wait < schedule.maxMillis()) {
            text.append(millis(wait)).append(", ");
            wait *= 2;
        }
        return text.append(millis(wait))
                .append(", then every ")
                .append(millis(schedule.maxMillis()))
                .toString();
    }

    private static String millis(long millis) {
        return millis < 1000 ? millis + " ms" : millis / 1000 + " s";
    }

    private static String seconds(Duration duration) {
        return duration.toSeconds() + " s";
    }

    private static String rate(CloudConfig.RateLimit rate) {
        return (long) rate.perSecond() + "/s, burst " + rate.burst();
    }

    private static String caps(PartyCaps caps) {
        return number(caps.perAddress()) + " per IPv4 address or /64, " + number(caps.per56()) + " per /56, "
                + number(caps.per48()) + " per /48";
    }

    /** Thousands separated by a space, as the document writes them. */
    private static String number(long value) {
        return String.format(java.util.Locale.ROOT, "%,d", value).replace(',', ' ');
    }
}
