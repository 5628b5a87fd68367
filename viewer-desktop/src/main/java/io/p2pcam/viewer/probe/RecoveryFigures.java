package io.p2pcam.viewer.probe;

import io.p2pcam.protocol.recovery.MediaReceiver;
import java.util.LinkedHashMap;
import java.util.Map;

/** The loss-recovery figures of probe's line ("recovery"): what was lost on the path and won back. */
final class RecoveryFigures {
    private RecoveryFigures() {}

    /** Puts {@code media}'s figures into {@code line} under "recovery"; nothing when there are none. */
    static void put(Map<String, Object> line, MediaReceiver.Stats media) {
        if (media == null) {
            return;
        }
        Map<String, Object> recovery = new LinkedHashMap<>();
        recovery.put("packets", media.expected());
        recovery.put("lostOnPath", media.lostOnPath());
        recovery.put("recovered", media.recovered());
        recovery.put("givenUp", media.givenUp());
        recovery.put("duplicates", media.duplicates());
        recovery.put("nacksSent", media.nacksSent());
        recovery.put("plisSent", media.plisSent());
        recovery.put("rttMs", media.rttMillis() < 0 ? null : media.rttMillis());
        recovery.put("jitterMs", Math.round(media.jitterMillis() * 10) / 10.0);
        recovery.put("waitMs", media.waitMillis());
        line.put("recovery", recovery);
    }
}
