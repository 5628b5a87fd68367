package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.cloud.docs.MarkdownDocument;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/ADMIN.md's metrics table ("Health and metrics") and {@code GET /metrics} agree both ways:
 * every family a node exports (a single node's and a cluster node's) is named in the table, with
 * every value of its label in the row that names it; and every {@code p2pcam_} name in the table
 * is exported.
 */
class AdminGuideNamesEveryMetricTest {
    private static final Pattern SAMPLE = Pattern.compile("^(p2pcam_\\w+)(?:\\{(\\w+)=\"([^\"]*)\"\\})? ");

    private final List<List<String>> table =
            MarkdownDocument.read("docs/ADMIN.md").section("Health and metrics").tableRows();

    @Test
    void everyExportedFamilyAndLabelValueIsInTheMetricsTable() {
        for (Map.Entry<String, Set<String>> family : exported().entrySet()) {
            List<String> row = table.stream()
                    .filter(cells -> namesFamily(cells.getFirst(), family.getKey()))
                    .findFirst()
                    .orElse(null);
            assertThat(row)
                    .as("a row of ADMIN.md's metrics table names %s", family.getKey())
                    .isNotNull();
            // A value is named as `value` or as `label="value"`.
            Set<String> spans = new LinkedHashSet<>();
            for (String span : MarkdownDocument.codeSpans(String.join(" | ", row))) {
                spans.add(span.replaceFirst("^\\w+=\"(.*)\"$", "$1"));
            }
            assertThat(spans)
                    .as("the row of %s names each of its label values", family.getKey())
                    .containsAll(family.getValue());
        }
    }

    @Test
    void everyMetricTheTableNamesIsExported() {
        Set<String> exported = exported().keySet();
        for (List<String> row : table) {
            for (String span : MarkdownDocument.codeSpans(row.getFirst())) {
                String name = span.split("[{ ]")[0];
                if (name.startsWith("p2pcam_")) {
                    assertThat(exported).as("ADMIN.md names %s", name).contains(name);
                }
            }
        }
    }

    private static boolean namesFamily(String firstCell, String family) {
        return MarkdownDocument.codeSpans(firstCell).stream().anyMatch(span -> span.split("[{ ]")[0].equals(family));
    }

    /** Family name → its label values, from a real scrape of a node and of its cluster part. */
    private static Map<String, Set<String>> exported() {
        String scrape = new CloudMetrics(UdpTransport.NIO).scrape();
        try (ClusterNode cluster = new ClusterNode(
                new ClusterSettings(URI.create("redis://127.0.0.1:1"), "127.0.0.1:3478"), List.of(), null, () -> 0)) {
            PrometheusText text = new PrometheusText();
            cluster.scrape(text);
            scrape += text;
        }
        Map<String, Set<String>> families = new LinkedHashMap<>();
        for (String line : scrape.lines().toList()) {
            Matcher sample = SAMPLE.matcher(line);
            if (sample.find()) {
                Set<String> values = families.computeIfAbsent(sample.group(1), name -> new LinkedHashSet<>());
                if (sample.group(3) != null) {
                    values.add(sample.group(3));
                }
            }
        }
        return families;
    }
}
