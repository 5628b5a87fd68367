package io.p2pcam.runtime;

import java.net.InetAddress;
import java.util.Map;

/**
 * Announced instances waiting to be resolved ({@link LanResolutions}), shared by the address that
 * announced them: the source of the packet that carried the record, which a neighbour can vary only
 * by sending from other addresses (docs/PROTOCOL.md §10.8), not what the record says. Sans I/O.
 *
 * <ul>
 *   <li>Places: at most {@code capacity} in all; when they are all taken, the source holding the
 *       most gives up its oldest (a max-min fair share, as {@link LanFinds} shares its places), so a
 *       flood from one address does not push out the one instance another address announced.
 *   <li>Turns: the sources in turn, each its newest instance first ({@link LanTurns}), so a flood
 *       from one address, however fast, takes one turn in as many as there are sources waiting.
 * </ul>
 *
 * <p>{@code W} is where an instance was heard, opaque here. A null source (JmDNS did not say) is
 * one source of its own. Not thread-safe: the browser holds its lock.
 */
final class LanSourceQueue<W> {
    private final int capacity;
    private final LanTurns<InetAddress, W> turns = new LanTurns<>();

    LanSourceQueue(int capacity) {
        this.capacity = capacity;
    }

    /** Instance {@code name}, heard where {@code where} in a packet from {@code source}: to be resolved (once, if already waiting). */
    void add(String name, W where, InetAddress source) {
        if (turns.contains(name)) {
            return;
        }
        if (turns.size() >= capacity) {
            turns.remove(turns.oldestOf(turns.largest(source)));
        }
        turns.add(name, source, where);
    }

    boolean contains(String name) {
        return turns.contains(name);
    }

    boolean isEmpty() {
        return turns.isEmpty();
    }

    int size() {
        return turns.size();
    }

    /** Instance {@code name} no longer waits. */
    void remove(String name) {
        turns.remove(name);
    }

    /** The newest instance of the source served least recently (that source then goes last), or null when none waits. */
    Map.Entry<String, W> poll() {
        return turns.poll();
    }
}
