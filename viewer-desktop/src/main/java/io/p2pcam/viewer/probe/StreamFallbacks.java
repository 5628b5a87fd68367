package io.p2pcam.viewer.probe;

import io.p2pcam.protocol.endpoint.ViewerEvent;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The viewer's fallbacks to the sub-stream during a probe (decision 0042), as its endpoint reports
 * them: how many, and whether one still held at the end. Heard on the network thread, read once
 * the probe is done.
 */
final class StreamFallbacks {
    private final AtomicInteger count = new AtomicInteger();
    private volatile boolean onSub;

    void heard(ViewerEvent.StreamFallback fallback) {
        if (fallback.onSub()) {
            count.incrementAndGet();
        }
        onSub = fallback.onSub();
    }

    /**
     * Puts {@code streamFallbacks} (the sub-stream arrived in place of the main stream, so many
     * times) and {@code streamAskedAtEnd}: "sub" while a fallback held at the end, else {@code
     * chosen} (the stream the probe last chose, "main" or "sub"; null when it never chose, and then
     * it never falls back).
     */
    void put(Map<String, Object> line, String chosen) {
        line.put("streamFallbacks", count.get());
        line.put("streamAskedAtEnd", onSub ? "sub" : chosen);
    }
}
