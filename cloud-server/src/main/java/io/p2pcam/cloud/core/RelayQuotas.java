package io.p2pcam.cloud.core;

import io.p2pcam.protocol.identity.CameraId;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * How many relay sessions each camera and each viewer party holds, against
 * {@link RelayLimits#maxSessionsPerCamera()} and {@link RelayLimits#maxSessionsPerSource()}: one
 * party cannot take the whole relay (issue 13 §1 and §2). A viewer's party is counted at every
 * level: {@code maxSessionsPerSource} per IPv4 address or IPv6 /64, four times that per /56 and
 * sixteen times per /48 ({@link PartyCaps#widening}), or a site would take the relay through its
 * 65,536 /64s. Not thread-safe.
 */
final class RelayQuotas {
    private final RelayLimits limits;
    private final PartyCaps perViewerParty;
    private final Map<CameraId, Integer> perCamera = new HashMap<>();
    private final PartyTally perViewer = new PartyTally();

    RelayQuotas(RelayLimits limits) {
        this.limits = limits;
        this.perViewerParty = PartyCaps.widening(limits.maxSessionsPerSource());
    }

    /** Whether one more session between this camera and this viewer fits. */
    boolean allows(CameraId camera, InetSocketAddress viewer) {
        return perCamera.getOrDefault(camera, 0) < limits.maxSessionsPerCamera()
                && !perViewer.full(viewer, perViewerParty);
    }

    void add(CameraId camera, InetSocketAddress viewer) {
        perCamera.merge(camera, 1, Integer::sum);
        perViewer.add(viewer);
    }

    void remove(CameraId camera, InetSocketAddress viewer) {
        perCamera.computeIfPresent(camera, (k, n) -> n > 1 ? n - 1 : null);
        perViewer.remove(viewer);
    }
}
