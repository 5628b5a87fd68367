package io.p2pcam.runtime;

import io.p2pcam.protocol.identity.CameraId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What a {@link LanBrowser} has found, sans I/O: the announcement each DNS-SD instance made, and
 * from them one camera per ID, the one its latest announcement names. Announcements are
 * unauthenticated (docs/PROTOCOL.md §10.8), so anyone on the LAN may send any number of them: at
 * most {@link #MAX_INSTANCES} instances are kept (more are ignored until some say goodbye), and
 * {@link #MAX_WANTED} more of the cameras the viewer looks for (so that a flood does not crowd
 * them out; a forger can claim their IDs too, but no more than that many), and an
 * ID announced by a second instance (a forger's, or a camera that moved) is its latest, until that
 * instance says goodbye and the earlier one counts again.
 *
 * <p>Not thread-safe: the browser holds its lock.
 */
final class LanFinds {
    /** Far more cameras than one LAN has; what a flood of forged announcements can make us hold. */
    static final int MAX_INSTANCES = 256;

    /** Room kept, past {@link #MAX_INSTANCES}, for the cameras the viewer looks for. */
    static final int MAX_WANTED = 64;

    private final Predicate<CameraId> wanted;

    private record Announced(LanBrowser.Found camera, long order) {}

    private final Map<String, Announced> byInstance = new HashMap<>();
    private long announcements;

    /** {@code wanted}: whether the viewer looks for a camera (thread-safe, quick: asked under the browser's lock). */
    LanFinds(Predicate<CameraId> wanted) {
        this.wanted = wanted;
    }

    /** Instance {@code name} announced {@code camera}; whether {@link #cameras()} changed. */
    boolean announced(String name, LanBrowser.Found camera) {
        Announced earlier = byInstance.get(name);
        if (earlier != null && earlier.camera().equals(camera)) {
            return false;
        }
        if (earlier == null
                && !hasRoom()
                && !(wanted.test(camera.id()) && byInstance.size() < MAX_INSTANCES + MAX_WANTED)) {
            return false;
        }
        List<LanBrowser.Found> before = cameras();
        byInstance.put(name, new Announced(camera, announcements++));
        return !cameras().equals(before);
    }

    /** Whether instance {@code name}'s announcement is held. */
    boolean holds(String name) {
        return byInstance.containsKey(name);
    }

    /** Whether one more instance would be held, whatever camera it announces. */
    boolean hasRoom() {
        return byInstance.size() < MAX_INSTANCES;
    }

    /** Instance {@code name} said goodbye (or its records expired); whether {@link #cameras()} changed. */
    boolean removed(String name) {
        if (!byInstance.containsKey(name)) {
            return false;
        }
        List<LanBrowser.Found> before = cameras();
        byInstance.remove(name);
        return !cameras().equals(before);
    }

    /** Camera {@code id} as its latest announcement has it, or null. */
    LanBrowser.Found get(CameraId id) {
        Announced latest = null;
        for (Announced announced : byInstance.values()) {
            if (announced.camera().id().equals(id) && (latest == null || announced.order() > latest.order())) {
                latest = announced;
            }
        }
        return latest == null ? null : latest.camera();
    }

    /** One camera per ID (its latest announcement), in the order the IDs were first announced. */
    List<LanBrowser.Found> cameras() {
        Map<CameraId, Announced> first = new LinkedHashMap<>();
        Map<CameraId, Announced> latest = new HashMap<>();
        byInstance.values().stream()
                .sorted((a, b) -> Long.compare(a.order(), b.order()))
                .forEach(announced -> {
                    first.putIfAbsent(announced.camera().id(), announced);
                    latest.put(announced.camera().id(), announced);
                });
        List<LanBrowser.Found> cameras = new ArrayList<>(first.size());
        for (CameraId id : first.keySet()) {
            cameras.add(latest.get(id).camera());
        }
        return cameras;
    }
}
