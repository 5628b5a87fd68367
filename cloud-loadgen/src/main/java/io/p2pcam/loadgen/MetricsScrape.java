package io.p2pcam.loadgen;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * One scrape of the cloud's Prometheus text endpoint ({@code /metrics}), reduced to what the
 * report needs. Parses the text exposition format line by line: {@code name{labels} value}.
 * Immutable.
 */
final class MetricsScrape {
    static final String CAMERAS_ONLINE = "p2pcam_cameras_online";
    static final String TABLE_BYTES = "p2pcam_registration_table_bytes";
    static final String HEAP_USED = "p2pcam_jvm_heap_used_bytes";
    private static final String DROPS = "p2pcam_drops_total";

    private final Map<String, Double> samples;

    private MetricsScrape(Map<String, Double> samples) {
        this.samples = samples;
    }

    static MetricsScrape scrape(URI url) throws IOException, InterruptedException {
        try (HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException(url + " answered HTTP " + response.statusCode());
            }
            return parse(response.body());
        }
    }

    static MetricsScrape parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int labelsEnd = trimmed.indexOf('}');
            int valueStart = trimmed.indexOf(' ', Math.max(labelsEnd, 0));
            if (valueStart < 0) {
                continue;
            }
            String[] rest = trimmed.substring(valueStart + 1).strip().split("\\s+");
            try {
                samples.put(trimmed.substring(0, valueStart), Double.parseDouble(rest[0]));
            } catch (NumberFormatException e) {
                // not a sample we understand; skip it
            }
        }
        return new MetricsScrape(samples);
    }

    OptionalDouble value(String name) {
        Double value = samples.get(name);
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    /** {@code p2pcam_drops_total} by its {@code reason} label. */
    Map<String, Double> drops() {
        Map<String, Double> drops = new TreeMap<>();
        samples.forEach((key, value) -> {
            if (key.startsWith(DROPS + "{")) {
                int at = key.indexOf("reason=\"");
                String reason = at < 0 ? key : key.substring(at + 8, key.indexOf('"', at + 8));
                drops.merge(reason, value, Double::sum);
            }
        });
        return drops;
    }
}
