package io.p2pcam.cloud.server;

import io.p2pcam.protocol.identity.CameraId;
import java.util.ArrayList;
import java.util.List;

/**
 * The cameras of one core whose registry write failed, collected on Lettuce's threads and handed
 * to the core in one batch per heartbeat ({@link io.p2pcam.cloud.core.Rendezvous#registryWritesFailed}),
 * which keeps them until the registry answers (docs/ADMIN.md, "Running a cluster"). A Redis that
 * hangs fails every write after the command timeout, up to the republish pace of each loop
 * (20,000 a second by default); one event-loop task per failure cost the loops as much work again
 * as the writes. At most {@code capacity} are held; past that only the overflow is remembered, and
 * the core republishes all its cameras instead. Repeats are left to the core, which keeps each
 * camera once. Thread-safe.
 */
final class FailedWrites {
    /** What a heartbeat hands to the core: the cameras, and whether more failed than were kept. */
    record Batch(List<CameraId> cameras, boolean overflowed) {}

    private final int capacity;
    private List<CameraId> cameras = new ArrayList<>();
    private boolean overflowed;

    FailedWrites(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    /** A write of {@code id} failed (any thread). */
    synchronized void failed(CameraId id) {
        if (cameras.size() < capacity) {
            cameras.add(id);
        } else {
            overflowed = true;
        }
    }

    /** What failed since the last call, or null when nothing did. */
    synchronized Batch take() {
        if (cameras.isEmpty() && !overflowed) {
            return null;
        }
        Batch batch = new Batch(cameras, overflowed);
        cameras = new ArrayList<>();
        overflowed = false;
        return batch;
    }
}
