package io.p2pcam.runtime;

import io.p2pcam.protocol.identity.CameraId;
import java.net.InetAddress;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The instances {@link LanFinds} holds, by name, and indexed so that deciding on one announcement
 * costs O(1) or O(log n) however many are held (docs/BENCHMARKS.md, "LAN discovery: one
 * announcement at a full table"): the instances of each ID, how many IDs looked for are held, and
 * the strangers (instances of IDs not looked for) of each source address, with the sources ordered
 * by how many they hold. Each index lists its instances the first held first ({@link
 * Announced#order}: an instance announced again moves to the end, as its order is the newest).
 *
 * <p>Whether an ID is looked for is asked when its first instance is held and again at {@link
 * #lookingForChanged}, which the owner calls whenever the predicate's answers may have changed.
 *
 * <p>Not thread-safe: {@link LanFinds}'s owner holds its lock.
 */
final class LanHeldInstances {
    /** What instance announced: {@code source}, where the announcement came from (its packet's sender). */
    record Announced(LanBrowser.Found camera, InetAddress source, long order) {}

    /** The instances of one ID, the first held first, and whether the ID was looked for when last asked. */
    private record OfId(boolean wanted, SequencedSet<String> names) {}

    private static final SequencedSet<String> NONE = Collections.unmodifiableSequencedSet(new LinkedHashSet<>());

    private final Predicate<CameraId> wanted;
    private final Map<String, Announced> byName = new HashMap<>();
    private final Map<CameraId, OfId> byId = new HashMap<>();
    private int wantedIds;
    private final Map<InetAddress, SequencedSet<String>> strangersBySource = new HashMap<>();
    /** The sources holding strangers, by how many they hold (each set in the order they came to that count). */
    private final TreeMap<Integer, SequencedSet<InetAddress>> sourcesByShare = new TreeMap<>();

    private int strangers;

    LanHeldInstances(Predicate<CameraId> wanted) {
        this.wanted = wanted;
    }

    Announced get(String name) {
        return byName.get(name);
    }

    boolean contains(String name) {
        return byName.containsKey(name);
    }

    /** Holds {@code announced} as instance {@code name}, in place of what it announced before. */
    void put(String name, Announced announced) {
        remove(name);
        byName.put(name, announced);
        index(name, announced);
    }

    /** Lets go of instance {@code name}; whether it was held. */
    boolean remove(String name) {
        Announced announced = byName.remove(name);
        if (announced == null) {
            return false;
        }
        CameraId id = announced.camera().id();
        OfId ofId = byId.get(id);
        ofId.names().remove(name);
        if (!ofId.wanted()) {
            leaveShare(announced.source(), name);
        }
        if (ofId.names().isEmpty()) {
            byId.remove(id);
            if (ofId.wanted()) {
                wantedIds--;
            }
        }
        return true;
    }

    private void index(String name, Announced announced) {
        CameraId id = announced.camera().id();
        OfId ofId = byId.get(id);
        if (ofId == null) {
            ofId = new OfId(wanted.test(id), new LinkedHashSet<>());
            byId.put(id, ofId);
            if (ofId.wanted()) {
                wantedIds++;
            }
        }
        ofId.names().add(name);
        if (!ofId.wanted()) {
            joinShare(announced.source(), name);
        }
    }

    private void joinShare(InetAddress source, String name) {
        SequencedSet<String> share = strangersBySource.computeIfAbsent(source, ignored -> new LinkedHashSet<>());
        moveShare(source, share.size(), share.size() + 1);
        share.add(name);
        strangers++;
    }

    private void leaveShare(InetAddress source, String name) {
        SequencedSet<String> share = strangersBySource.get(source);
        share.remove(name);
        strangers--;
        moveShare(source, share.size() + 1, share.size());
        if (share.isEmpty()) {
            strangersBySource.remove(source);
        }
    }

    private void moveShare(InetAddress source, int from, int to) {
        SequencedSet<InetAddress> before = sourcesByShare.get(from);
        if (before != null) {
            before.remove(source);
            if (before.isEmpty()) {
                sourcesByShare.remove(from);
            }
        }
        if (to > 0) {
            sourcesByShare.computeIfAbsent(to, ignored -> new LinkedHashSet<>()).add(source);
        }
    }

    /** The IDs looked for may have changed: every held ID is asked again, and the indexes rebuilt. */
    void lookingForChanged() {
        List<Map.Entry<String, Announced>> held = byName.entrySet().stream()
                .sorted(Comparator.comparingLong(entry -> entry.getValue().order()))
                .toList();
        byId.clear();
        strangersBySource.clear();
        sourcesByShare.clear();
        wantedIds = 0;
        strangers = 0;
        held.forEach(entry -> index(entry.getKey(), entry.getValue()));
    }

    /** The names of the held instances of {@code id}, the first held first (empty: none). */
    SequencedSet<String> ofId(CameraId id) {
        OfId ofId = byId.get(id);
        return ofId == null ? NONE : Collections.unmodifiableSequencedSet(ofId.names());
    }

    /** How many of the IDs held were looked for (when last asked). */
    int wantedIds() {
        return wantedIds;
    }

    /** How many instances of IDs not looked for are held. */
    int strangers() {
        return strangers;
    }

    /** The strangers of {@code source}, the first held first. */
    SequencedSet<String> strangersFrom(InetAddress source) {
        SequencedSet<String> share = strangersBySource.get(source);
        return share == null ? NONE : Collections.unmodifiableSequencedSet(share);
    }

    /** The strangers of a source holding the most of them, the first held first (empty: none held). */
    SequencedSet<String> largestStrangerShare() {
        Map.Entry<Integer, SequencedSet<InetAddress>> largest = sourcesByShare.lastEntry();
        return largest == null ? NONE : strangersFrom(largest.getValue().getFirst());
    }

    /** The names of the instances held (a view: not to be kept across a change). */
    Set<String> names() {
        return Collections.unmodifiableSet(byName.keySet());
    }

    /** The instances held (a view: not to be kept across a change). */
    Collection<Map.Entry<String, Announced>> entries() {
        return Collections.unmodifiableMap(byName).entrySet();
    }
}
