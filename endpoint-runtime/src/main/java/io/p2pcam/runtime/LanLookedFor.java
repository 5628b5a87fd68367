package io.p2pcam.runtime;

import io.p2pcam.protocol.identity.CameraId;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The cameras a {@link LanBrowser} looks for: those its user lists ({@link LanBrowser#lookFor})
 * and those {@link LanBrowser#await}ed now. Each change returns what was looked for before, so
 * that those added can be looked for again.
 *
 * <p>Changed only under the browser's lock; {@link #contains} is read without it (by JmDNS's
 * threads, for every TXT record heard).
 */
final class LanLookedFor {
    /** What {@link LanBrowser#lookFor} was given. */
    private Set<CameraId> listed = Set.of();
    /** The IDs awaited now, each with how many wait for it. */
    private final Map<CameraId, Integer> awaited = new HashMap<>();
    /** The union of both. */
    private volatile Set<CameraId> lookedFor = Set.of();

    /** The IDs listed are {@code ids} now, replacing those given before; what was looked for before. */
    Set<CameraId> list(Collection<CameraId> ids) {
        listed = Set.copyOf(ids);
        return update();
    }

    /** One more waits for {@code id}; what was looked for before. */
    Set<CameraId> awaiting(CameraId id) {
        awaited.merge(id, 1, Integer::sum);
        return update();
    }

    /** One waiting for {@code id} no longer does. */
    void awaited(CameraId id) {
        awaited.computeIfPresent(id, (ignored, waiters) -> waiters > 1 ? waiters - 1 : null);
        update();
    }

    boolean contains(CameraId id) {
        return lookedFor.contains(id);
    }

    /** The IDs looked for now. */
    Set<CameraId> now() {
        return lookedFor;
    }

    private Set<CameraId> update() {
        Set<CameraId> before = lookedFor;
        Set<CameraId> union = new HashSet<>(listed);
        union.addAll(awaited.keySet());
        lookedFor = Set.copyOf(union);
        return before;
    }
}
