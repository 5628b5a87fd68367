package io.p2pcam.cloud.core;

import io.p2pcam.protocol.identity.CameraId;
import java.util.List;

/**
 * Keeps the shared registry current with a clustered core's cameras (docs/ADMIN.md, "Running a
 * cluster"): a publish pass over the whole table every publish period, so that the registry costs
 * one write per camera per period whatever the keepalive interval; a fast pass when the registry
 * came back or was emptied; and the writes the registry refused or never answered, written again
 * as the cameras stand when it answers. Registrations, evictions and expiries publish or withdraw
 * themselves at once, elsewhere; this class is the upkeep.
 *
 * <p>Not thread-safe: the {@link Rendezvous} that owns it drives it from its one thread.
 */
final class RegistryPublisher {
    private final RegistrationTable cameras;
    private final ClusterView cluster;
    private final long expiryMillis;
    private final long publishPeriodMillis;
    private final int republishPerSecond;
    /** Cameras whose registry write failed, written again when the registry answers. */
    private final UnwrittenCameras unwritten = new UnwrittenCameras(Rendezvous.MAX_UNWRITTEN_CAMERAS);
    /** Whether the current publish pass goes at the fast pace (after the registry came back). */
    private boolean fastPublish;
    /** When the next publish pass starts (0: at the next sweep); a pass runs while it is in progress. */
    private long nextPublishPass;

    private boolean publishPassRunning;
    private long publishPassStarted;

    RegistryPublisher(
            RegistrationTable cameras,
            ClusterView cluster,
            long expiryMillis,
            long publishPeriodMillis,
            int republishPerSecond) {
        this.cameras = cameras;
        this.cluster = cluster;
        this.expiryMillis = expiryMillis;
        this.publishPeriodMillis = publishPeriodMillis;
        this.republishPerSecond = republishPerSecond;
    }

    /** {@link Rendezvous#republishAll}: the whole table again within the fast pace's sweeps. */
    void republishAll(long now) {
        unwritten.takeAll(); // the pass writes them too
        cameras.restartVisit();
        fastPublish = true;
        publishPassRunning = true;
        publishPassStarted = now;
    }

    /** {@link Rendezvous#registryWritesFailed}: remembered for the registry's next answer. */
    void writesFailed(List<CameraId> ids, boolean more) {
        ids.forEach(unwritten::failed);
        if (more) {
            unwritten.lost();
        }
    }

    /** {@link Rendezvous#registryAnswered}: the failed writes again, paced as a republish. */
    void registryAnswered(long now) {
        if (unwritten.overflowed()) {
            republishAll(now);
            return;
        }
        // Paced as a republish: what is left waits for the next heartbeat, a second later.
        for (CameraId id : unwritten.take(republishPerSecond)) {
            int slot = cameras.find(id);
            cluster.command(
                    slot >= 0 && now - cameras.lastSeen(slot) <= expiryMillis
                            ? new ClusterCommand.Publish(id, cameras.key(slot))
                            : new ClusterCommand.Withdraw(id));
        }
    }

    /**
     * One sweep period's share of the publish pass: the whole table every publish period
     * ({@link PublishPace}), plus one write per registration and one per expiry made elsewhere.
     */
    void publishSlice(long now) {
        if (!publishPassRunning) {
            if (nextPublishPass == 0) {
                nextPublishPass = now + publishPeriodMillis; // registrations publish themselves at once
            }
            if (now < nextPublishPass) {
                return;
            }
            publishPassRunning = true;
            publishPassStarted = now;
        }
        int slice = PublishPace.slotsPerSweep(
                cameras.allocatedSlots(), fastPublish, publishPeriodMillis, republishPerSecond);
        if (cameras.visit(slice, (id, key) -> cluster.command(new ClusterCommand.Publish(id, key)))) {
            publishPassRunning = false;
            fastPublish = false;
            nextPublishPass = Math.max(now, publishPassStarted + publishPeriodMillis);
        }
    }
}
