package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.p2pcam.cloud.core.CloudEvents.LookupOutcome;
import io.p2pcam.cloud.core.DropReason;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * One loop's counters written by one thread, read by another, and their sums in {@link
 * CloudMetrics} over several loops' {@link ShardEvents}.
 */
class LoopCountersTest {
    private static final int ADDS = 2_000_000;

    @Test
    void aReaderSeesTheCountOnlyGrowAndExactAtTheEnd() throws Exception {
        LoopCounters counters = new LoopCounters();
        Thread writer = new Thread(() -> {
            for (int i = 0; i < ADDS; i++) {
                counters.add(LoopCounters.PACKETS_IN, 1);
                counters.add(LoopCounters.BYTES_IN, 96);
            }
        });
        AtomicReference<String> problem = new AtomicReference<>();
        writer.start();
        long last = 0;
        while (writer.isAlive()) {
            long seen = counters.get(LoopCounters.PACKETS_IN);
            if (seen < last) {
                problem.set("went back from " + last + " to " + seen);
            }
            last = seen;
        }
        writer.join();
        assertThat(problem.get()).isNull();
        assertThat(counters.get(LoopCounters.PACKETS_IN)).isEqualTo(ADDS);
        assertThat(counters.get(LoopCounters.BYTES_IN)).isEqualTo(96L * ADDS);
    }

    @Test
    void aCellOutsideTheCountersIsRefused() {
        LoopCounters counters = new LoopCounters();
        assertThatThrownBy(() -> counters.add(LoopCounters.CELLS, 1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> counters.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void theMetricsSumEveryLoopAndWhatWasCountedDirectly() {
        CloudMetrics metrics = new CloudMetrics(UdpTransport.NIO);
        ShardEvents one = new ShardEvents(metrics);
        ShardEvents two = new ShardEvents(metrics);
        one.received(96);
        two.received(100);
        metrics.received(10); // an event source that is no loop's core (tests, tools)
        one.sent(40);
        two.sent(44);
        one.lookup(LookupOutcome.UNAVAILABLE);
        two.lookup(LookupOutcome.UNAVAILABLE);
        two.lookup(LookupOutcome.FOUND);
        one.keepalive(true);
        two.keepalive(false);
        one.dropped(DropReason.RATE_LIMITED);
        metrics.dropped(DropReason.RATE_LIMITED);
        two.dropped(DropReason.TOO_SHORT);

        assertThat(metrics.packetsIn()).isEqualTo(3);
        assertThat(metrics.packetsOut()).isEqualTo(2);
        assertThat(metrics.drops(DropReason.RATE_LIMITED)).isEqualTo(2);
        assertThat(metrics.dropsTotal()).isEqualTo(3);
        String scrape = metrics.scrape();
        assertThat(scrape)
                .contains("p2pcam_packets_in_total 3\n")
                .contains("p2pcam_bytes_in_total 206\n")
                .contains("p2pcam_packets_out_total 2\n")
                .contains("p2pcam_bytes_out_total 84\n")
                .contains("p2pcam_lookups_total{outcome=\"unavailable\"} 2\n")
                .contains("p2pcam_lookups_total{outcome=\"found\"} 1\n")
                .contains("p2pcam_keepalives_total{known=\"true\"} 1\n")
                .contains("p2pcam_keepalives_total{known=\"false\"} 1\n")
                .contains("p2pcam_drops_total{reason=\"rate_limited\"} 2\n")
                .contains("p2pcam_drops_total{reason=\"too_short\"} 1\n");
    }
}
