package io.p2pcam.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudMetricsTest {
    @Test
    void readsGaugesAndDropReasonsFromPrometheusText() {
        MetricsScrape metrics = MetricsScrape.parse("""
                # HELP p2pcam_cameras_online Registered cameras.
                # TYPE p2pcam_cameras_online gauge
                p2pcam_cameras_online 1000000
                p2pcam_jvm_heap_used_bytes 2.5E8
                p2pcam_drops_total{reason="rate_limited"} 12
                p2pcam_drops_total{reason="bad_cookie",port="32100"} 3 1700000000000
                """);

        assertThat(metrics.value(MetricsScrape.CAMERAS_ONLINE)).hasValue(1_000_000);
        assertThat(metrics.value(MetricsScrape.HEAP_USED)).hasValue(2.5e8);
        assertThat(metrics.value(MetricsScrape.TABLE_BYTES)).isEmpty();
        assertThat(metrics.drops()).isEqualTo(Map.of("rate_limited", 12.0, "bad_cookie", 3.0));
    }

    @Test
    void readsTheLiveHeapFromTheLastLineOfAClassHistogram() throws Exception {
        String histogram = """
                1505:
                 num     #instances         #bytes  class name (module)
                -------------------------------------------------------
                   1:           245      209715200  [B (java.base@25.0.3)
                   2:          1024          32768  String (java.base@25.0.3)
                Total         92268      209747968
                """;
        assertThat(ServerHeap.parseTotal(histogram)).isEqualTo(209_747_968L);
    }
}
