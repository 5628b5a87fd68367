package io.p2pcam.cloud.core;

import io.p2pcam.protocol.cloud.CloudMessage.ConnectRequest;
import io.p2pcam.protocol.identity.CameraId;

/**
 * The caps a clustered node applies to the CONNECT_REQUESTs it hands to another node, the same
 * that {@link ConnectBroker} applies to its own (docs/PROTOCOL.md §5.3): a party may have at most
 * {@link Quotas#pendingConnects} hand-overs awaiting a result, and a camera gets at most its
 * {@link CameraConnectCap} of them, unless the request carries a valid cloud pass. The holding node
 * applies them again, but it drops what it refuses without a word, and the origin would keep each
 * refused hand-over until its deadline: a flood inside the rate limits, aimed at one foreign camera
 * or sent from one party, would fill the origin's table of hand-overs for everyone else. A viewer's
 * repeat is handed over again only within the camera's cap too: each is a message through the
 * registry and, at the holder, a forward to the camera. The party quota is kept once per
 * {@link Lane}, as the broker's (decision 0057): requests forged over UDP do not hold a party's
 * hand-overs over TCP (decision 0061 §3).
 * Not thread-safe: owned by the core's thread.
 */
final class HandOverCaps {
    private final Quotas quotas;
    private final CloudEvents events;
    private final PartyCounts awaitingPerUdpParty;
    private final PartyCounts awaitingPerTcpParty;
    private final CameraConnectCap perCamera;

    HandOverCaps(CloudConfig config, CloudEvents events, long seed) {
        this.quotas = config.quotas();
        this.events = events;
        int widthBits = Math.clamp(32 - Integer.numberOfLeadingZeros(config.maxPendingConnects()), 10, 18);
        this.awaitingPerUdpParty = new PartyCounts(widthBits, seed);
        this.awaitingPerTcpParty = new PartyCounts(widthBits, Long.rotateLeft(seed, 16));
        this.perCamera = new CameraConnectCap(Long.rotateLeft(seed, 32) ^ 0x9E3779B97F4A7C15L);
    }

    /** Whether a request may be handed over, and whether a cloud pass got it past the camera's cap. */
    enum Verdict {
        REFUSED,
        ADMITTED,
        ADMITTED_WITH_PASS
    }

    /**
     * Whether {@code viewer}'s party has its quota of hand-overs awaiting a result: then its request
     * is refused (counted) before anything dearer is spent on it, such as its cloud pass's HMACs.
     */
    boolean partyFull(ClientAddress viewer) {
        if (awaitingPer(viewer.lane()).full(viewer.address(), quotas.pendingConnects())) {
            events.dropped(DropReason.PARTY_QUOTA);
            return true;
        }
        return false;
    }

    /**
     * Whether {@code request} from {@code viewer}, whose cloud pass {@code passed} the node's check
     * (or not), may be handed over now; a refusal is counted and the request dropped (the viewer
     * repeats it). An admitted request must be {@link #released} exactly once when it is answered or
     * times out.
     */
    Verdict admit(ConnectRequest request, boolean passed, ClientAddress viewer, long now) {
        if (partyFull(viewer)) {
            return Verdict.REFUSED;
        }
        // A paired viewer's pass lets it past the strangers' cap here as at the holder (§5.3).
        if (!passed && !perCamera.tryForward(request.id(), now)) {
            events.dropped(DropReason.CAMERA_CONNECT_CAP);
            return Verdict.REFUSED;
        }
        awaitingPer(viewer.lane()).add(viewer.address(), 1);
        return passed ? Verdict.ADMITTED_WITH_PASS : Verdict.ADMITTED;
    }

    /**
     * Whether a viewer's repeat of a request handed over to {@code camera}'s holder may be handed
     * over again: a repeat takes a token of the camera's cap like the first hand-over (unless that
     * one passed with a pass), or repeats would multiply the cap by the viewers' repeat rate.
     */
    boolean mayHandOverAgain(CameraId camera, boolean passed, long now) {
        if (passed || perCamera.tryForward(camera, now)) {
            return true;
        }
        events.dropped(DropReason.CAMERA_CONNECT_CAP);
        return false;
    }

    /** A hand-over {@link #admit}ted for {@code viewer} is over (answered, refused or timed out). */
    void released(ClientAddress viewer) {
        awaitingPer(viewer.lane()).add(viewer.address(), -1);
    }

    private PartyCounts awaitingPer(Lane lane) {
        return lane == Lane.TCP ? awaitingPerTcpParty : awaitingPerUdpParty;
    }
}
