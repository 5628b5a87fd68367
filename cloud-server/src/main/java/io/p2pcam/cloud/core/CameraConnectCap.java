package io.p2pcam.cloud.core;

import io.p2pcam.protocol.identity.CameraId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Caps the CONNECT_FORWARDs one camera receives (docs/PROTOCOL.md §5.3): a token bucket per camera
 * ID, {@value #BURST} at once then {@value #PER_SECOND} a second, whatever the viewers' sources.
 * The per-source request limit (§6.1) does not stop a flood from many sources aimed at one camera;
 * this does, so a camera's handshake budget (§10.1) is spent on at most this many requests. An
 * honest viewer whose request is capped retransmits it (§5.4) and gets through on a later try.
 * Tracks at most {@value #MAX_CAMERAS} cameras, least recently capped forgotten first (a forgotten
 * camera starts with a full bucket: at worst one extra burst). Not thread-safe.
 */
final class CameraConnectCap {
    static final int BURST = 100;
    static final int PER_SECOND = 50;
    static final int MAX_CAMERAS = 100_000;

    private final Map<CameraId, double[]> buckets = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<CameraId, double[]> eldest) {
            return size() > MAX_CAMERAS;
        }
    };

    /** Takes a token for a forward to {@code camera}; false when the camera has had its share for now. */
    boolean tryForward(CameraId camera, long now) {
        double[] bucket = buckets.computeIfAbsent(camera, id -> new double[] {BURST, now});
        bucket[0] = Math.min(BURST, bucket[0] + (now - bucket[1]) * PER_SECOND / 1000.0);
        bucket[1] = now;
        if (bucket[0] < 1) {
            return false;
        }
        bucket[0] -= 1;
        return true;
    }
}
