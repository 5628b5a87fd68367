package io.p2pcam.camera.live;

import io.p2pcam.protocol.endpoint.CameraEvent;
import io.p2pcam.protocol.pairing.HandshakeRefusal;
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
    private long lastLogged = Long.MIN_VALUE;

    RefusalLog(Logger log) {
        this.log = log;
    }

    void note(CameraEvent.HandshakeRefused refused, long now) {
        counts.merge(refused.refusal().reason(), 1L, Long::sum);
        if (lastLogged == Long.MIN_VALUE || now - lastLogged >= INTERVAL_MILLIS) {
            log.warn(
                    "connect requests refused unread since the last report: {} (last from {})",
                    counts,
                    refused.viewer().getHostAddress());
            counts.clear();
            lastLogged = now;
        }
    }
}
