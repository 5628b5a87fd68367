package io.p2pcam.camera.live;

import io.p2pcam.protocol.endpoint.CameraEvent;
import io.p2pcam.protocol.pairing.HandshakeRefusal;
import io.p2pcam.runtime.LogSpacing;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Logs connect requests refused before they were read (stale, replayed, over the unpaired budget)
 * at most once per {@value #INTERVAL_MILLIS} ms, as counts: a flood must not become a flood of log
 * lines. Network thread only.
 */
final class RefusalLog {
    static final long INTERVAL_MILLIS = 10_000;

    private final Logger log;
    private final Map<HandshakeRefusal.Reason, Long> counts = new EnumMap<>(HandshakeRefusal.Reason.class);
    private final LogSpacing spacing = new LogSpacing(Duration.ofMillis(INTERVAL_MILLIS));

    RefusalLog(Logger log) {
        this.log = log;
    }

    void note(CameraEvent.HandshakeRefused refused, long now) {
        counts.merge(refused.refusal().reason(), 1L, Long::sum);
        if (spacing.admits(now)) {
            log.warn(
                    "connect requests refused unread since the last report: {} (last from {})",
                    counts,
                    refused.viewer().getHostAddress());
            counts.clear();
        }
    }
}
