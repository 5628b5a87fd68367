package io.p2pcam.runtime;

import io.p2pcam.protocol.identity.CameraId;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.SequencedMap;
import java.util.SequencedSet;
import java.util.function.Predicate;

/**
 * Claims of IDs the viewer looks for that {@link LanFinds} refused for want of a place, kept to
 * take the places of the ID's claims once they were all tried and failed, without waiting for them
 * to announce again (a refused instance is not resolved again until it does; a camera may announce
 * only as it starts). One per source address (a packet's sender), at most {@link #MAX_PER_ID}
 * sources per ID, the newest source first: a camera that announces after claims from any number of
 * addresses is the newest, held at the end of the round of tries under way and tried first in the
 * next ({@link LanClaimPlaces}, decision 0072's lan12 amendment). When an ID's line is full, a claim from a source new to the ID takes the
 * place of the oldest: the newest always waits. A source's later claim replaces its waiting one, in
 * its place in line, and one from a source heard claiming the ID before (the last {@link
 * #SOURCES_REMEMBERED}) waits behind the others and pushes none out: a forger re-sending from his
 * addresses in turn does not move them ahead of a camera heard after them, nor push it out.
 *
 * <p>Not thread-safe: {@link LanFinds}'s owner holds its lock.
 */
final class LanWaitingClaims {
    /** Sources waiting per ID: the few a camera with several interfaces needs, and a bound for a forger's many. */
    static final int MAX_PER_ID = 4;

    /** Sources remembered per ID as heard claiming it: as many as a /24 has hosts. */
    static final int SOURCES_REMEMBERED = 256;

    /** A refused claim: instance {@code name} announced {@code camera}, in a packet from {@code source}. */
    record Claim(String name, LanBrowser.Found camera, InetAddress source) {}

    /** The waiting claims of each ID, by source, the first to wait first. */
    private final Map<CameraId, SequencedMap<InetAddress, Claim>> byId = new HashMap<>();
    /** The ID each waiting instance claims, to find it by name. */
    private final Map<String, CameraId> idByName = new HashMap<>();
    /** The sources heard claiming each ID, held or refused, the longest ago first. */
    private final Map<CameraId, SequencedSet<InetAddress>> heard = new HashMap<>();

    /** A claim of {@code id} from {@code source} was heard (held or not); whether it was heard before. */
    boolean heard(CameraId id, InetAddress source) {
        SequencedSet<InetAddress> sources = heard.computeIfAbsent(id, ignored -> new LinkedHashSet<>());
        if (sources.contains(source)) {
            return true;
        }
        if (sources.size() >= SOURCES_REMEMBERED) {
            sources.removeFirst();
        }
        sources.add(source);
        return false;
    }

    /**
     * Claim {@code claim} was refused a place of its ID ({@code heardBefore}: its source claimed the
     * ID before, {@link #heard}): it waits, maybe pushing out the oldest waiting.
     */
    void refused(Claim claim, boolean heardBefore) {
        CameraId id = claim.camera().id();
        SequencedMap<InetAddress, Claim> line = byId.computeIfAbsent(id, ignored -> new LinkedHashMap<>());
        Claim same = line.get(claim.source());
        if (same == null || !same.name().equals(claim.name())) {
            remove(claim.name()); // it may have waited as another ID's claim, or from another source
            line = byId.computeIfAbsent(id, ignored -> new LinkedHashMap<>());
        }
        Claim before = line.get(claim.source());
        if (before != null) {
            idByName.remove(before.name());
            line.put(claim.source(), claim); // in its place in line
        } else if (heardBefore && line.size() >= MAX_PER_ID) {
            return; // an address of a forger's round again: the line is for those not heard yet
        } else if (heardBefore) {
            line.putFirst(claim.source(), claim); // behind those heard for the first time
        } else {
            if (line.size() >= MAX_PER_ID) {
                idByName.remove(line.pollFirstEntry().getValue().name());
            }
            line.put(claim.source(), claim);
        }
        idByName.put(claim.name(), id);
    }

    /** Instance {@code name} no longer waits (held, said goodbye, or its ID no longer looked for). */
    void remove(String name) {
        CameraId id = idByName.remove(name);
        if (id == null) {
            return;
        }
        SequencedMap<InetAddress, Claim> line = byId.get(id);
        line.values().removeIf(claim -> claim.name().equals(name));
        if (line.isEmpty()) {
            byId.remove(id);
        }
    }

    /** Whether a claim of {@code id} waits. */
    boolean has(CameraId id) {
        return byId.containsKey(id);
    }

    /** Whether instance {@code name} waits. */
    boolean waits(String name) {
        return idByName.containsKey(name);
    }

    /**
     * The newest waiting claim of {@code id} that {@code eligible} accepts, taken out of line; null
     * when none is. Those it does not accept are dropped (what made them ineligible, such as their
     * source holding a place of the ID now, does not pass while they wait).
     */
    Claim takeNewest(CameraId id, Predicate<Claim> eligible) {
        SequencedMap<InetAddress, Claim> line = byId.get(id);
        if (line == null) {
            return null;
        }
        Claim taken = null;
        Iterator<Claim> newestFirst = line.reversed().values().iterator();
        while (taken == null && newestFirst.hasNext()) {
            Claim claim = newestFirst.next();
            newestFirst.remove();
            idByName.remove(claim.name());
            if (eligible.test(claim)) {
                taken = claim;
            }
        }
        if (line.isEmpty()) {
            byId.remove(id);
        }
        return taken;
    }

    /** The IDs looked for changed: the claims of those no longer looked for stop waiting. */
    void lookingForChanged(Predicate<CameraId> wanted) {
        for (Iterator<Map.Entry<CameraId, SequencedMap<InetAddress, Claim>>> ids =
                        byId.entrySet().iterator();
                ids.hasNext(); ) {
            Map.Entry<CameraId, SequencedMap<InetAddress, Claim>> ofId = ids.next();
            if (!wanted.test(ofId.getKey())) {
                for (Claim claim : ofId.getValue().values()) {
                    idByName.remove(claim.name());
                }
                ids.remove();
            }
        }
        heard.keySet().removeIf(id -> !wanted.test(id));
    }
}
