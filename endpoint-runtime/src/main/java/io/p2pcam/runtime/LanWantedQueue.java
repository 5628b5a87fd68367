package io.p2pcam.runtime;

import io.p2pcam.protocol.identity.CameraId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;

/**
 * The announced instances whose TXT record names a camera the viewer looks for, waiting to be
 * resolved before any other ({@link LanResolutions}), sans I/O. Anyone on the LAN can claim a
 * wanted ID (IDs are visible there), so the queue is fair among IDs: each ID keeps its
 * {@link #MAX_PER_ID} newest instances, and the ID served least recently goes first, so a flood
 * of instances claiming one ID neither pushes out nor holds back the instances of another.
 *
 * <p>{@code W} is where an instance was heard, opaque here. Not thread-safe: the browser holds its lock.
 */
final class LanWantedQueue<W> {
    /** Instances waiting per ID: a camera's own (one per interface it announces on) and a few more. */
    static final int MAX_PER_ID = 4;

    /** IDs waiting: as many as the browser keeps room for. */
    static final int MAX_IDS = LanFinds.MAX_WANTED;

    /** Where each waiting instance was heard, by ID; the ID served least recently first. */
    private final SequencedMap<CameraId, SequencedMap<String, W>> byId = new LinkedHashMap<>();

    private final Map<String, CameraId> idOf = new HashMap<>();

    /** Instance {@code name}, naming camera {@code id}, heard where {@code where}: to be resolved (once, if already waiting). */
    void add(String name, CameraId id, W where) {
        if (idOf.containsKey(name)) {
            return;
        }
        if (!byId.containsKey(id) && byId.size() >= MAX_IDS) {
            forgetAll(byId.pollFirstEntry().getValue());
        }
        SequencedMap<String, W> instances = byId.computeIfAbsent(id, ignored -> new LinkedHashMap<>());
        if (instances.size() >= MAX_PER_ID) {
            idOf.remove(instances.pollFirstEntry().getKey());
        }
        instances.put(name, where);
        idOf.put(name, id);
    }

    boolean contains(String name) {
        return idOf.containsKey(name);
    }

    boolean isEmpty() {
        return idOf.isEmpty();
    }

    /** Instance {@code name} no longer waits. */
    void remove(String name) {
        CameraId id = idOf.remove(name);
        if (id == null) {
            return;
        }
        SequencedMap<String, W> instances = byId.get(id);
        instances.remove(name);
        if (instances.isEmpty()) {
            byId.remove(id);
        }
    }

    /** The newest instance of the ID served least recently (that ID then goes last), or null when none waits. */
    Map.Entry<String, W> poll() {
        Map.Entry<CameraId, SequencedMap<String, W>> first = byId.pollFirstEntry();
        if (first == null) {
            return null;
        }
        Map.Entry<String, W> newest = first.getValue().pollLastEntry();
        idOf.remove(newest.getKey());
        if (!first.getValue().isEmpty()) {
            byId.put(first.getKey(), first.getValue());
        }
        return newest;
    }

    private void forgetAll(SequencedMap<String, W> instances) {
        instances.keySet().forEach(idOf::remove);
    }
}
