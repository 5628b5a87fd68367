package io.p2pcam.runtime;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedCollection;
import java.util.SequencedMap;

/**
 * Announced instances waiting to be resolved, grouped by who may flood them (a camera ID claimed,
 * the address that sent the announcement), served in turns: the key served least recently first,
 * its newest instance first, so that a flood under one key, however fast, takes one turn in as many
 * as there are keys waiting. Sans I/O; what to drop when full is the caller's ({@link
 * LanWantedQueue}, {@link LanSourceQueue}).
 *
 * <p>{@code K} may be null (a key of its own); {@code W} is where an instance was heard, opaque
 * here. Not thread-safe: the browser holds its lock.
 */
final class LanTurns<K, W> {
    /** The instances waiting under each key, the oldest first; the key served least recently first. */
    private final SequencedMap<K, SequencedMap<String, W>> byKey = new LinkedHashMap<>();

    private final Map<String, K> keyOf = new HashMap<>();

    /** Instance {@code name}, heard where {@code where}, waits under {@code key}; not if it waits already. */
    void add(String name, K key, W where) {
        if (keyOf.containsKey(name)) {
            return;
        }
        byKey.computeIfAbsent(key, ignored -> new LinkedHashMap<>()).put(name, where);
        keyOf.put(name, key);
    }

    boolean contains(String name) {
        return keyOf.containsKey(name);
    }

    boolean isEmpty() {
        return keyOf.isEmpty();
    }

    /** How many instances wait. */
    int size() {
        return keyOf.size();
    }

    /** How many keys have instances waiting. */
    int keys() {
        return byKey.size();
    }

    /** How many instances wait under {@code key}. */
    int sizeOf(K key) {
        SequencedMap<String, W> waiting = byKey.get(key);
        return waiting == null ? 0 : waiting.size();
    }

    /** The key served least recently (its turn is next); only when some instance waits. */
    K nextKey() {
        return byKey.firstEntry().getKey();
    }

    /** The key with the most instances waiting, {@code preferred} when it has as many; only when some instance waits. */
    K largest(K preferred) {
        K largest = preferred;
        int most = sizeOf(preferred);
        for (Map.Entry<K, SequencedMap<String, W>> waiting : byKey.entrySet()) {
            if (waiting.getValue().size() > most) {
                largest = waiting.getKey();
                most = waiting.getValue().size();
            }
        }
        return largest;
    }

    /** The instances waiting under {@code key}, the oldest first (a view). */
    SequencedCollection<String> of(K key) {
        SequencedMap<String, W> waiting = byKey.get(key);
        return waiting == null ? List.of() : Collections.unmodifiableSequencedCollection(waiting.sequencedKeySet());
    }

    /** The instance waiting the longest under {@code key}, which has some. */
    String oldestOf(K key) {
        return byKey.get(key).firstEntry().getKey();
    }

    /** Instance {@code name} no longer waits. */
    void remove(String name) {
        if (!keyOf.containsKey(name)) {
            return;
        }
        K key = keyOf.remove(name);
        SequencedMap<String, W> waiting = byKey.get(key);
        waiting.remove(name);
        if (waiting.isEmpty()) {
            byKey.remove(key);
        }
    }

    /** No instance waits under {@code key} any more. */
    void removeAll(K key) {
        SequencedMap<String, W> waiting = byKey.remove(key);
        if (waiting != null) {
            waiting.keySet().forEach(keyOf::remove);
        }
    }

    /** The newest instance of the key served least recently (that key then goes last), or null when none waits. */
    Map.Entry<String, W> poll() {
        Map.Entry<K, SequencedMap<String, W>> first = byKey.pollFirstEntry();
        if (first == null) {
            return null;
        }
        Map.Entry<String, W> newest = first.getValue().pollLastEntry();
        keyOf.remove(newest.getKey());
        if (!first.getValue().isEmpty()) {
            byKey.put(first.getKey(), first.getValue());
        }
        return newest;
    }
}
