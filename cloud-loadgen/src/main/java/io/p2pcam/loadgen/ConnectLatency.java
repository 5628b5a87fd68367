package io.p2pcam.loadgen;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The measured window's connect latencies, in microseconds: the whole exchange (CONNECT_REQUEST
 * sent → CONNECT_RESULT read) and its two legs, from the times the viewer's and the camera's
 * handshakes carry ({@link TaggedViewerHandshake}): request sent → forward read by the camera
 * (the cloud's work on the request, both sockets' queues and the camera's receive thread), and
 * answer sent → result read by the viewer (the cloud's work on the answer and the viewer's side).
 * Thread-safe.
 */
record ConnectLatency(
        LatencyHistogram total,
        LatencyHistogram toCamera,
        LatencyHistogram toViewer,
        AtomicReference<LatencyHistogram> interval) {
    ConnectLatency() {
        this(
                new LatencyHistogram(),
                new LatencyHistogram(),
                new LatencyHistogram(),
                new AtomicReference<>(new LatencyHistogram()));
    }

    /**
     * The whole exchange's latencies since the previous call, and a fresh histogram for the next
     * interval: the progress lines' "p99 of the last 5 s", which shows whether the window's p99
     * comes from all of it or from a moment (a GC pause).
     */
    LatencyHistogram nextInterval() {
        return interval.getAndSet(new LatencyHistogram());
    }

    /**
     * Records one accepted connect in the current interval and, if {@code measured} (it was sent in
     * the measured window), in the window's figures; the legs only when the answer carried the
     * camera's times.
     */
    void record(long sentNanos, long forwardReadNanos, long resultReadNanos, boolean measured) {
        interval.get().record((resultReadNanos - sentNanos) / 1000);
        SlowConnectEvent.report(sentNanos, forwardReadNanos, resultReadNanos);
        if (!measured) {
            return;
        }
        total.record((resultReadNanos - sentNanos) / 1000);
        if (forwardReadNanos != 0) {
            toCamera.record((forwardReadNanos - sentNanos) / 1000);
            toViewer.record((resultReadNanos - forwardReadNanos) / 1000);
        }
    }

    /** p50, p90, p99, p99.9, max in milliseconds and the count, for a report. */
    static Map<String, Object> percentiles(LatencyHistogram histogram) {
        Map<String, Object> percentiles = new LinkedHashMap<>();
        percentiles.put("p50", histogram.percentile(50) / 1000.0);
        percentiles.put("p90", histogram.percentile(90) / 1000.0);
        percentiles.put("p99", histogram.percentile(99) / 1000.0);
        percentiles.put("p999", histogram.percentile(99.9) / 1000.0);
        percentiles.put("max", histogram.max() / 1000.0);
        percentiles.put("count", histogram.count());
        return percentiles;
    }
}
