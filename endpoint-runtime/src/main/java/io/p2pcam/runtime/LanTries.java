package io.p2pcam.runtime;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.SequencedCollection;
import java.util.Set;

/**
 * What the viewer's connects said of each instance {@link LanFinds} holds, by instance name: those
 * that proved themselves (a handshake with the camera succeeded at their address), when a connect
 * failed at each (the latest), and which claim of a wanted ID holds its newcomer's place (the place
 * a claim from an address holding none of the ID's places takes when they are all taken, decision
 * 0072's amendment). Times are {@link System#nanoTime()} values.
 *
 * <p>Not thread-safe: {@link LanFinds}'s owner holds its lock.
 */
final class LanTries {
    private final Set<String> proven = new HashSet<>();
    private final Map<String, Long> failedAt = new HashMap<>();
    private final Set<String> newcomers = new HashSet<>();

    /** What answered at instance {@code name}'s address proved to be the camera. */
    void proved(String name) {
        proven.add(name);
        failedAt.remove(name);
    }

    /** A connect at instance {@code name}'s address failed at {@code now}; {@code notTheCamera}: something else answered. */
    void failed(String name, long now, boolean notTheCamera) {
        failedAt.put(name, now);
        if (notTheCamera) {
            proven.remove(name); // the address is someone else's now
        }
    }

    /** Instance {@code name} announces another address: what proved itself, or failed, was at the one before. */
    void addressChanged(String name) {
        proven.remove(name);
        failedAt.remove(name);
    }

    /** Instance {@code name} took its ID's newcomer's place. */
    void newcomer(String name) {
        newcomers.add(name);
    }

    /** Instance {@code name} is no longer held (or announces another ID): all said of it is forgotten. */
    void forget(String name) {
        proven.remove(name);
        failedAt.remove(name);
        newcomers.remove(name);
    }

    boolean isProven(String name) {
        return proven.contains(name);
    }

    /** When a connect last failed at instance {@code name}'s address, or null. */
    Long failedAt(String name) {
        return failedAt.get(name);
    }

    /** Whether one of {@code names} (an ID's) holds the newcomer's place and was not tried and failed yet. */
    boolean newcomerUntried(SequencedCollection<String> names) {
        for (String name : names) {
            if (newcomers.contains(name) && !failedAt.containsKey(name)) {
                return true;
            }
        }
        return false;
    }

    /** The newest of {@code names} (the first held first) that did not prove itself, or null. */
    String newestUnproven(SequencedCollection<String> names) {
        for (String name : names.reversed()) {
            if (!proven.contains(name)) {
                return name;
            }
        }
        return null;
    }

    /**
     * Whether instance {@code next} (held {@code nextOrder}) is chosen over {@code kept}: its connect
     * failed the longer ago (never, the longest: the instances of an ID are tried in turn), or as
     * long and it proved itself and {@code kept} did not, or as much and it is later.
     */
    boolean prefers(String kept, long keptOrder, String next, long nextOrder) {
        Long keptFailed = failedAt.get(kept);
        Long nextFailed = failedAt.get(next);
        if (!Objects.equals(keptFailed, nextFailed)) {
            return nextFailed == null || keptFailed != null && nextFailed - keptFailed < 0;
        }
        boolean keptProven = proven.contains(kept);
        boolean nextProven = proven.contains(next);
        if (keptProven != nextProven) {
            return nextProven;
        }
        return nextOrder > keptOrder;
    }
}
