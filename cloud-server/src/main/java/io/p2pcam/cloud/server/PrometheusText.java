package io.p2pcam.cloud.server;

import java.util.Locale;

/**
 * Writes metrics in the Prometheus text exposition format, version 0.0.4: for each metric family a
 * {@code # HELP} and a {@code # TYPE} line, then one line per sample,
 * {@code name{label="value",...} number}. Label values here are our own enum names and never need
 * escaping. Not thread-safe; one per scrape.
 */
final class PrometheusText {
    /** The content type scrapers expect for this format. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    enum Type {
        COUNTER,
        GAUGE
    }

    private final StringBuilder out = new StringBuilder(4096);

    /** Starts a metric family. */
    PrometheusText family(String name, Type type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ")
                .append(name)
                .append(' ')
                .append(type.name().toLowerCase(Locale.ROOT))
                .append('\n');
        return this;
    }

    PrometheusText sample(String name, long value) {
        out.append(name).append(' ').append(value).append('\n');
        return this;
    }

    PrometheusText sample(String name, double value) {
        out.append(name).append(' ').append(value).append('\n');
        return this;
    }

    PrometheusText sample(String name, String label, String labelValue, long value) {
        out.append(name)
                .append('{')
                .append(label)
                .append("=\"")
                .append(labelValue)
                .append("\"} ")
                .append(value)
                .append('\n');
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
