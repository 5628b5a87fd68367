package io.p2pcam.runtime;

import io.p2pcam.protocol.identity.CameraId;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The announced instances whose TXT record names a camera the viewer looks for, waiting to be
 * resolved before any other ({@link LanResolutions}), sans I/O. Anyone on the LAN can claim a
 * wanted ID (IDs are visible there), so the queue is fair among IDs: each ID keeps at most
 * {@link #MAX_PER_ID} instances, and the ID served least recently goes first, so a flood of
 * instances claiming one ID neither pushes out nor holds back the instances of another. Within an
 * ID, a new claim takes the place of the oldest of the source (the packet's sender) waiting with
 * the most of the ID's places (of several, the oldest waiting), as {@link LanFinds} shares the ID's held places: claims from one
 * address do not push out the camera's own instance, announced from another (decision 0072).
 *
 * <p>{@code W} is where an instance was heard, opaque here. Not thread-safe: the browser holds its lock.
 */
final class LanWantedQueue<W> {
    /** Instances waiting per ID: a camera's own (one per interface it announces on) and a few more. */
    static final int MAX_PER_ID = 4;

    /** IDs waiting: as many as the browser keeps room for. */
    static final int MAX_IDS = LanFinds.MAX_WANTED;

    private final LanTurns<CameraId, W> turns = new LanTurns<>();

    /** The source of each instance waiting (null: unknown, a source of its own). */
    private final Map<String, InetAddress> sourceOf = new HashMap<>();

    /**
     * Instance {@code name}, naming camera {@code id}, heard where {@code where} in a packet from
     * {@code source}: to be resolved (once, if already waiting).
     */
    void add(String name, CameraId id, W where, InetAddress source) {
        if (turns.contains(name)) {
            return;
        }
        if (turns.sizeOf(id) == 0 && turns.keys() >= MAX_IDS) {
            turns.of(turns.nextKey()).forEach(sourceOf::remove);
            turns.removeAll(turns.nextKey());
        }
        if (turns.sizeOf(id) >= MAX_PER_ID) {
            remove(oldestOfLargestShare(id, source));
        }
        turns.add(name, id, where);
        sourceOf.put(name, source);
    }

    /**
     * The oldest instance of {@code id} of the source waiting with the most of its places ({@code
     * adding}'s own on a tie); of several other sources waiting with as many, the one whose instance
     * waits the longest, not whichever a hash table lists first: a camera's instance, newer than
     * claims from as many addresses, is the last of them to go.
     */
    private String oldestOfLargestShare(CameraId id, InetAddress adding) {
        Map<InetAddress, Integer> shares = new HashMap<>();
        for (String name : turns.of(id)) { // a few: MAX_PER_ID
            shares.merge(sourceOf.get(name), 1, Integer::sum);
        }
        int own = shares.getOrDefault(adding, 0);
        int most = shares.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        for (String name : turns.of(id)) { // the oldest first
            InetAddress source = sourceOf.get(name);
            if (own >= most ? Objects.equals(source, adding) : shares.get(source) == most) {
                return name;
            }
        }
        return turns.oldestOf(id);
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
        sourceOf.remove(name);
    }

    /** The newest instance of the ID served least recently (that ID then goes last), or null when none waits. */
    Map.Entry<String, W> poll() {
        Map.Entry<String, W> next = turns.poll();
        if (next != null) {
            sourceOf.remove(next.getKey());
        }
        return next;
    }
}
