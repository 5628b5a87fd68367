package io.p2pcam.cloud.core;

import io.p2pcam.cloud.core.CloudEvents.RegistrationOutcome;
import io.p2pcam.protocol.identity.CameraId;
import java.util.Arrays;

/**
 * Ends registrations not refreshed within the expiry (docs/PROTOCOL.md §4.5): on the spot when a
 * datagram looks the camera up, and by a sweep that visits the table a slice every
 * {@link Rendezvous#SWEEP_PERIOD_MILLIS} (the whole table every {@link Rendezvous#SWEEP_SLICES}
 * periods). Each expiry is counted and, in a cluster, withdrawn from the registry, so that other
 * nodes stop handing the camera's connects here.
 *
 * <p>Not thread-safe: the {@link Rendezvous} that owns it drives it from its one thread.
 */
final class RegistrationExpiry {
    private final RegistrationTable cameras;
    private final CloudEvents events;
    private final long expiryMillis;
    /** Null on a node alone; set once the core joins a cluster. */
    private ClusterView cluster;

    RegistrationExpiry(RegistrationTable cameras, CloudEvents events, long expiryMillis) {
        this.cameras = cameras;
        this.events = events;
        this.expiryMillis = expiryMillis;
    }

    /** From now on each expiry is withdrawn from the registry through {@code view}. */
    void withdrawFrom(ClusterView view) {
        this.cluster = view;
    }

    /** The slot of a camera whose registration has not expired, or -1 (expired ones are removed on the spot). */
    int liveSlot(CameraId id, long now) {
        return liveSlot(id.toBytes(), 0, now);
    }

    /**
     * {@link #liveSlot(CameraId, long)} for the ID in {@code data} at {@code at}, read in place: the
     * stateless requests make an ID object only when a registration expires here.
     */
    int liveSlot(byte[] data, int at, long now) {
        int slot = cameras.find(data, at);
        if (slot >= 0 && now - cameras.lastSeen(slot) > expiryMillis) {
            cameras.remove(slot);
            if (cluster != null) {
                cluster.command(new ClusterCommand.Withdraw(
                        CameraId.fromBytes(Arrays.copyOfRange(data, at, at + CameraId.BYTES))));
            }
            events.registration(RegistrationOutcome.EXPIRED);
            events.camerasOnline(cameras.size());
            return -1;
        }
        return slot;
    }

    /** One sweep period's slice of the table: its expired registrations removed. */
    void sweepSlice(long now) {
        int slice = cameras.allocatedSlots() / Rendezvous.SWEEP_SLICES + 64;
        ClusterView view = cluster;
        int expired = view == null
                ? cameras.sweep(now - expiryMillis, slice)
                : cameras.sweep(now - expiryMillis, slice, id -> view.command(new ClusterCommand.Withdraw(id)));
        for (int i = 0; i < expired; i++) {
            events.registration(RegistrationOutcome.EXPIRED);
        }
        if (expired > 0) {
            events.camerasOnline(cameras.size());
        }
    }
}
