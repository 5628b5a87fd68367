package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.cloud.core.CloudEvents.ConnectOutcome;
import io.p2pcam.cloud.core.CloudEvents.LookupOutcome;
import io.p2pcam.cloud.core.CloudEvents.RegistrationOutcome;
import io.p2pcam.cloud.core.DropReason;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CloudMetricsTest {
    private final CloudMetrics metrics = new CloudMetrics(UdpTransport.EPOLL);

    @Test
    void everyDropReasonIsExposedFromTheStartAtZero() {
        String text = metrics.scrape();

        for (DropReason reason : DropReason.values()) {
            assertThat(text).contains("p2pcam_drops_total{reason=\"" + reason.label() + "\"} 0\n");
        }
    }

    /** A request without a pass is not counted as a pass: a label that could only read 0 misleads. */
    @Test
    void passVerdictsAreTheOnesAPresentedPassCanHave() {
        String text = metrics.scrape();

        assertThat(text).doesNotContain("verdict=\"none\"");
        for (String verdict : List.of("passed", "forged", "stale", "over_rate")) {
            assertThat(text).contains("p2pcam_connect_passes_total{verdict=\"" + verdict + "\"} 0\n");
        }
    }

    @Test
    void everyFamilyHasHelpAndTypeLinesBeforeItsSamples() {
        List<String> lines = metrics.scrape().lines().toList();
        Set<String> families = lines.stream()
                .filter(line -> line.startsWith("# TYPE "))
                .map(line -> line.split(" ")[2])
                .collect(Collectors.toSet());

        assertThat(families)
                .contains(
                        "p2pcam_cameras_online",
                        "p2pcam_registrations_total",
                        "p2pcam_keepalives_total",
                        "p2pcam_lookups_total",
                        "p2pcam_connect_requests_total",
                        "p2pcam_drops_total",
                        "p2pcam_packets_in_total",
                        "p2pcam_packets_out_total",
                        "p2pcam_bytes_in_total",
                        "p2pcam_bytes_out_total",
                        "p2pcam_registration_table_bytes",
                        "p2pcam_connect_results_bytes",
                        "p2pcam_jvm_heap_used_bytes",
                        "p2pcam_jvm_heap_committed_bytes",
                        "p2pcam_uptime_seconds",
                        "p2pcam_transport");
        for (String line : lines.stream().filter(line -> !line.startsWith("#")).toList()) {
            String family = line.split("[{ ]")[0];
            assertThat(families).as("family of " + line).contains(family);
            assertThat(lines.indexOf("# HELP " + family + " " + helpOf(lines, family)))
                    .isLessThan(lines.indexOf(line));
        }
    }

    @Test
    void countersFollowTheCoreEvents() {
        metrics.received(100);
        metrics.received(50);
        metrics.sent(40);
        metrics.dropped(DropReason.BAD_MAGIC);
        metrics.registration(RegistrationOutcome.REGISTERED);
        metrics.keepalive(true);
        metrics.keepalive(false);
        metrics.keepalive(false);
        metrics.lookup(LookupOutcome.UNAVAILABLE);
        metrics.connect(ConnectOutcome.TIMED_OUT);
        metrics.camerasOnline(1);
        metrics.registrationTableBytes(4096);
        metrics.addConnectResultsBytes(2048);

        assertThat(metrics.scrape())
                .contains("p2pcam_packets_in_total 2\n", "p2pcam_bytes_in_total 150\n")
                .contains("p2pcam_packets_out_total 1\n", "p2pcam_bytes_out_total 40\n")
                .contains("p2pcam_drops_total{reason=\"bad_magic\"} 1\n")
                .contains("p2pcam_registrations_total{outcome=\"registered\"} 1\n")
                .contains("p2pcam_keepalives_total{known=\"true\"} 1\n", "p2pcam_keepalives_total{known=\"false\"} 2\n")
                .contains("p2pcam_lookups_total{outcome=\"unavailable\"} 1\n")
                .contains("p2pcam_connect_requests_total{outcome=\"timed_out\"} 1\n")
                .contains("p2pcam_cameras_online 1\n", "p2pcam_registration_table_bytes 4096\n")
                .contains("p2pcam_connect_results_bytes 2048\n")
                .contains("p2pcam_transport{type=\"epoll\"} 1\n");
        assertThat(metrics.dropsTotal()).isEqualTo(1);
    }

    private static String helpOf(List<String> lines, String family) {
        return lines.stream()
                .filter(line -> line.startsWith("# HELP " + family + " "))
                .findFirst()
                .map(line -> line.substring(("# HELP " + family + " ").length()))
                .orElse("(missing)");
    }
}
