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
 * 65,536 /64s.
 *
 * <p>A viewer's address is a request's source, which anybody can forge over UDP (decision 0057):
 * a session whose viewer has not yet proven it with a frame of its own is counted apart, under the
 * same caps, so connects forged in a victim's name fill only that separate count, never the share
 * the victim's proven sessions use. Not thread-safe.
 */
final class RelayQuotas {
    private final RelayLimits limits;
    private final PartyCaps perViewerParty;
    private final Map<CameraId, Integer> perCamera = new HashMap<>();
    private final PartyTally perProvenViewer = new PartyTally();
    private final PartyTally perUnprovenViewer = new PartyTally();

    RelayQuotas(RelayLimits limits) {
        this.limits = limits;
        this.perViewerParty = PartyCaps.widening(limits.maxSessionsPerSource());
    }

    /** Whether one more session between this camera and this viewer fits, once its viewer proves itself. */
    boolean allows(CameraId camera, InetSocketAddress viewer) {
        return perCamera.getOrDefault(camera, 0) < limits.maxSessionsPerCamera()
                && !perProvenViewer.full(viewer, perViewerParty);
    }

    /** The narrowest level at which {@code viewer}'s party holds all the unproven sessions it may; -1 if none. */
    int unprovenFullLevel(InetSocketAddress viewer) {
        return perUnprovenViewer.fullLevel(viewer, perViewerParty);
    }

    /** A new session, its viewer not yet proven. */
    void addUnproven(CameraId camera, InetSocketAddress viewer) {
        perCamera.merge(camera, 1, Integer::sum);
        perUnprovenViewer.add(viewer);
    }

    /** The viewer proved itself: the session moves to its party's share; false (unchanged) if that is full. */
    boolean prove(InetSocketAddress viewer) {
        if (perProvenViewer.full(viewer, perViewerParty)) {
            return false;
        }
        perUnprovenViewer.remove(viewer);
        perProvenViewer.add(viewer);
        return true;
    }

    void remove(CameraId camera, InetSocketAddress viewer, boolean proven) {
        perCamera.computeIfPresent(camera, (k, n) -> n > 1 ? n - 1 : null);
        (proven ? perProvenViewer : perUnprovenViewer).remove(viewer);
    }
}
