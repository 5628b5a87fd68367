package io.p2pcam.loadgen;

import io.p2pcam.loadgen.LoadRun.ServerSnapshot;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * A run's figures, fixed when the run ends: the text summary for people and a one-line JSON
 * summary for scripts. Rates are per second of the measured window; losses are requests sent in
 * that window that got no answer.
 */
final class LoadResult {
    private final Map<String, Object> figures = new LinkedHashMap<>();

    LoadResult(
            LoadConfig config,
            LoadCounters counters,
            ConnectLatency latency,
            int registered,
            boolean rampComplete,
            double rampSeconds,
            double measuredSeconds,
            double[] cores,
            ServerSnapshot before,
            ServerSnapshot after) {
        Phase m = Phase.MEASURE;
        figures.put("cameras", config.cameras());
        figures.put("registered", registered);
        figures.put("ramp_complete", rampComplete);
        figures.put("ramp_seconds", round(rampSeconds, 1));
        figures.put("registrations_per_second", round(counters.registrations.sum() / rampSeconds, 0));
        figures.put("registration_timeouts", counters.registrationTimeouts.sum());
        figures.put("reregistrations", counters.reregistrations.sum());
        figures.put("measured_seconds", round(measuredSeconds, 1));
        long keepalivesSent = counters.keepalivesSent.get(m);
        long keepalivesAcked = counters.keepalivesAcked.get(m);
        long keepalivesRefused = counters.keepalivesRefused.get(m);
        figures.put("keepalives_sent_per_second", perSecond(keepalivesSent, measuredSeconds));
        figures.put("keepalives_acked_per_second", perSecond(keepalivesAcked, measuredSeconds));
        figures.put("keepalives_unanswered", Math.max(0, keepalivesSent - keepalivesAcked - keepalivesRefused));
        figures.put("keepalives_not_registered", keepalivesRefused);
        figures.put("connects_target_per_second", config.connectsPerSecond());
        figures.put("connects_sent_per_second", perSecond(counters.connectsSent.get(m), measuredSeconds));
        figures.put("connects_accepted_per_second", perSecond(counters.connectsAccepted.get(m), measuredSeconds));
        figures.put("connects_accepted", counters.connectsAccepted.get(m));
        figures.put("connects_unavailable", counters.connectsUnavailable.get(m));
        figures.put("connects_rejected", counters.connectsRejected.get(m));
        figures.put("connects_refused", counters.connectsRefused.get(m));
        figures.put("connects_timed_out", counters.connectsTimedOut.get(m));
        figures.put("connects_skipped", counters.connectsSkipped.sum());
        figures.put("forwards_answered", counters.forwardsAnswered.sum());
        figures.put("forwards_unauthenticated", counters.forwardsUnauthenticated.sum());
        figures.put("connect_latency_ms", ConnectLatency.percentiles(latency.total()));
        figures.put("connect_to_camera_ms", ConnectLatency.percentiles(latency.toCamera()));
        figures.put("connect_to_viewer_ms", ConnectLatency.percentiles(latency.toViewer()));
        figures.put("errors", counters.errors());
        figures.put("undecodable", counters.undecodable.sum());
        figures.put("unexpected", counters.unexpected.sum());
        figures.put("port_unreachable", counters.unreachable.sum());
        figures.put("send_failures", counters.sendFailures.sum());
        figures.put("generator_cpu_cores", cores[0] < 0 ? null : round(cores[0], 2));
        figures.put("server_cpu_cores", cores[1] < 0 ? null : round(cores[1], 2));
        figures.put("server_cameras_online", value(after.camerasOnline()));
        figures.put("server_heap_before_bytes", value(before.heapBytes()));
        figures.put("server_heap_after_bytes", value(after.heapBytes()));
        figures.put("server_heap_full_gc", config.serverPid() > 0);
        double cameras = after.camerasOnline().orElse(registered);
        figures.put(
                "server_heap_bytes_per_camera",
                before.heapBytes().isPresent() && after.heapBytes().isPresent()
                        ? round(
                                (after.heapBytes().getAsDouble()
                                                - before.heapBytes().getAsDouble())
                                        / cameras,
                                1)
                        : null);
        figures.put("server_table_bytes", value(after.tableBytes()));
        figures.put(
                "server_table_bytes_per_camera",
                after.tableBytes().isPresent() ? round(after.tableBytes().getAsDouble() / cameras, 1) : null);
        Map<String, Double> drops = new TreeMap<>();
        after.drops().forEach((reason, count) -> {
            double delta = count - before.drops().getOrDefault(reason, 0.0);
            if (delta != 0) {
                drops.put(reason, delta);
            }
        });
        figures.put("server_drops", drops);
    }

    /**
     * A run stopped early (Ctrl-C) of {@code plannedSeconds} measured: the figures are what it had;
     * rates are left out (null) when nothing was measured.
     */
    void interrupted(long plannedSeconds) {
        figures.put("interrupted", true);
        figures.put("planned_measured_seconds", plannedSeconds);
    }

    boolean isInterrupted() {
        return Boolean.TRUE.equals(figures.get("interrupted"));
    }

    /** Adds figures measured outside the steady state (a restart storm's), after the others. */
    void add(Map<String, Object> more) {
        figures.putAll(more);
    }

    /** The figures by name, in report order (values: numbers, null, or maps). */
    Map<String, Object> figures() {
        return figures;
    }

    String toText() {
        StringBuilder text = new StringBuilder();
        if (isInterrupted()) {
            line(
                    text,
                    "interrupted",
                    "stopped by Ctrl-C: the figures so far, %s of %s s measured",
                    figures.get("measured_seconds"),
                    figures.get("planned_measured_seconds"));
        }
        line(
                text,
                "cameras registered",
                "%s of %s%s",
                figures.get("registered"),
                figures.get("cameras"),
                Boolean.TRUE.equals(figures.get("ramp_complete")) ? "" : " (ramp incomplete)");
        line(
                text,
                "ramp",
                "%s s, %s registrations/s (%s timeouts, %s re-registrations)",
                figures.get("ramp_seconds"),
                figures.get("registrations_per_second"),
                figures.get("registration_timeouts"),
                figures.get("reregistrations"));
        if (figures.containsKey("storm_cameras_back")) {
            line(
                    text,
                    "restart storm",
                    "%s cameras back %s s after the cloud answered again (%s s after the kill); %s by RESUME, "
                            + "%s signed; CPU generator %s, server %s cores",
                    figures.get("storm_cameras_back"),
                    figures.get("storm_seconds_after_cloud_up"),
                    figures.get("storm_seconds_after_kill"),
                    figures.get("storm_resumed"),
                    figures.get("storm_signed"),
                    figures.get("storm_generator_cpu_cores"),
                    figures.get("storm_server_cpu_cores"));
        }
        line(text, "measured window", "%s s", figures.get("measured_seconds"));
        line(
                text,
                "keepalives",
                "%s/s sent, %s/s acked, %s unanswered, %s not registered",
                figures.get("keepalives_sent_per_second"),
                figures.get("keepalives_acked_per_second"),
                figures.get("keepalives_unanswered"),
                figures.get("keepalives_not_registered"));
        line(
                text,
                "connects",
                "%s/s target, %s/s sent, %s/s accepted",
                figures.get("connects_target_per_second"),
                figures.get("connects_sent_per_second"),
                figures.get("connects_accepted_per_second"));
        line(
                text,
                "connect outcomes",
                "%s accepted, %s unavailable, %s rejected, %s refused, %s timed out, %s skipped",
                figures.get("connects_accepted"),
                figures.get("connects_unavailable"),
                figures.get("connects_rejected"),
                figures.get("connects_refused"),
                figures.get("connects_timed_out"),
                figures.get("connects_skipped"));
        line(
                text,
                "forwards dropped",
                "%s with a tag that does not verify, %s answered (whole run)",
                figures.get("forwards_unauthenticated"),
                figures.get("forwards_answered"));
        @SuppressWarnings("unchecked")
        Map<String, Object> latency = (Map<String, Object>) figures.get("connect_latency_ms");
        line(
                text,
                "connect latency",
                "p50 %s ms, p90 %s ms, p99 %s ms, p99.9 %s ms, max %s ms (%s samples)",
                latency.get("p50"),
                latency.get("p90"),
                latency.get("p99"),
                latency.get("p999"),
                latency.get("max"),
                latency.get("count"));
        legLine(text, "  request -> camera", figures.get("connect_to_camera_ms"));
        legLine(text, "  answer -> viewer", figures.get("connect_to_viewer_ms"));
        line(text, "cloud errors", "%s", figures.get("errors"));
        line(
                text,
                "client anomalies",
                "%s undecodable, %s unexpected, %s port unreachable, %s send failures",
                figures.get("undecodable"),
                figures.get("unexpected"),
                figures.get("port_unreachable"),
                figures.get("send_failures"));
        line(
                text,
                "CPU in measured window",
                "generator %s cores, server %s cores (of %d)",
                figures.get("generator_cpu_cores"),
                figures.get("server_cpu_cores"),
                Runtime.getRuntime().availableProcessors());
        line(text, "server cameras online", "%s", figures.get("server_cameras_online"));
        line(
                text,
                "server heap",
                "%s -> %s bytes%s: %s bytes/camera",
                figures.get("server_heap_before_bytes"),
                figures.get("server_heap_after_bytes"),
                Boolean.TRUE.equals(figures.get("server_heap_full_gc"))
                        ? " (live, after full GC)"
                        : " (used, no GC forced)",
                figures.get("server_heap_bytes_per_camera"));
        line(
                text,
                "server registration table",
                "%s bytes: %s bytes/camera",
                figures.get("server_table_bytes"),
                figures.get("server_table_bytes_per_camera"));
        line(text, "server drops during run", "%s", figures.get("server_drops"));
        return text.toString();
    }

    String toJson() {
        return Json.write(figures);
    }

    private static void legLine(StringBuilder text, String label, Object figures) {
        if (figures instanceof Map<?, ?> leg) {
            line(
                    text,
                    label,
                    "p50 %s ms, p90 %s ms, p99 %s ms, p99.9 %s ms, max %s ms",
                    leg.get("p50"),
                    leg.get("p90"),
                    leg.get("p99"),
                    leg.get("p999"),
                    leg.get("max"));
        }
    }

    /** A line of the summary; a figure not measured (null) reads "n/a". */
    private static void line(StringBuilder text, String label, String format, Object... args) {
        Object[] shown =
                Arrays.stream(args).map(arg -> arg == null ? "n/a" : arg).toArray();
        text.append(String.format("%-27s ", label + ":"))
                .append(String.format(format, shown))
                .append('\n');
    }

    private static Object value(OptionalDouble value) {
        return value.isPresent() ? value.getAsDouble() : null;
    }

    /** {@code count} a second, or null when nothing was measured. */
    private static Object perSecond(long count, double seconds) {
        return seconds > 0 ? round(count / seconds, 0) : null;
    }

    static double round(double value, int decimals) {
        if (!Double.isFinite(value)) {
            return 0;
        }
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
