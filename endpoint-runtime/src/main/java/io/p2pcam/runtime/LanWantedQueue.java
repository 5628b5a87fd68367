package io.p2pcam.runtime;

import io.p2pcam.protocol.identity.CameraId;
import java.util.Map;

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

    private final LanTurns<CameraId, W> turns = new LanTurns<>();

    /** Instance {@code name}, naming camera {@code id}, heard where {@code where}: to be resolved (once, if already waiting). */
    void add(String name, CameraId id, W where) {
        if (turns.contains(name)) {
            return;
        }
        if (turns.sizeOf(id) == 0 && turns.keys() >= MAX_IDS) {
            turns.removeAll(turns.nextKey());
        }
        if (turns.sizeOf(id) >= MAX_PER_ID) {
            turns.remove(turns.oldestOf(id));
        }
        turns.add(name, id, where);
    }

    boolean contains(String name) {
        return turns.contains(name);
    }

    boolean isEmpty() {
        return turns.isEmpty();
    }

    /** Instance {@code name} no longer waits. */
    void remove(String name) {
        turns.remove(name);
    }

    /** The newest instance of the ID served least recently (that ID then goes last), or null when none waits. */
    Map.Entry<String, W> poll() {
        return turns.poll();
    }
}
