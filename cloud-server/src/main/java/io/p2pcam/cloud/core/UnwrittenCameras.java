package io.p2pcam.cloud.core;

import io.p2pcam.protocol.identity.CameraId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The cameras of one clustered core whose last write to the shared registry failed (docs/ADMIN.md,
 * "Running a cluster"): written again as soon as the registry answers, rather than at the next
 * refresh pass (up to {@code --cluster-refresh}, 5 min), during which other nodes could not find
 * a camera that registered in a Redis outage too short to lapse this node's membership (a longer
 * one republishes everything anyway). Holds camera IDs, not commands: a camera that failed ten
 * times is written once, as it stands then (published if still registered, withdrawn if not). At
 * most {@code capacity} of them; past that the set only remembers that it overflowed, and the
 * retry becomes a full republish pass, so an outage under a registration storm costs bounded
 * memory. Not thread-safe: owned by the core's thread.
 */
final class UnwrittenCameras {
    private final int capacity;
    private final Set<CameraId> cameras = new LinkedHashSet<>();
    private boolean overflowed;

    UnwrittenCameras(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    /** The registry refused or never answered a write for {@code id}. */
    void failed(CameraId id) {
        if (overflowed) {
            return;
        }
        if (cameras.size() < capacity || cameras.contains(id)) {
            cameras.add(id);
        } else {
            lost();
        }
    }

    /** Writes failed that were not remembered (here or at the edge): only a full republish pass makes up for them. */
    void lost() {
        overflowed = true;
        cameras.clear(); // the full pass that replaces them writes these too
    }

    /** Whether some failed write was not remembered: only a full republish pass makes up for it. */
    boolean overflowed() {
        return overflowed;
    }

    int size() {
        return cameras.size();
    }

    /** At most {@code max} cameras to write again, oldest failure first, forgotten here (not the overflow). */
    List<CameraId> take(int max) {
        List<CameraId> taken = new ArrayList<>(Math.min(max, cameras.size()));
        Iterator<CameraId> oldest = cameras.iterator();
        while (taken.size() < max && oldest.hasNext()) {
            taken.add(oldest.next());
            oldest.remove();
        }
        return taken;
    }

    /** The cameras to write again, oldest failure first; forgets them and any overflow. */
    List<CameraId> takeAll() {
        List<CameraId> taken = List.copyOf(cameras);
        cameras.clear();
        overflowed = false;
        return taken;
    }
}
