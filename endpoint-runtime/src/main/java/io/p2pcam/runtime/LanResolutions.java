package io.p2pcam.runtime;

import io.p2pcam.protocol.identity.CameraId;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.SequencedMap;
import java.util.SequencedSet;

/**
 * Which announced DNS-SD instances a {@link LanBrowser} asks JmDNS to resolve, and when, sans I/O.
 * Announcements are unauthenticated (docs/PROTOCOL.md §10.8) and each resolution sends queries (up
 * to three, 225 ms apart) and holds JmDNS state until it ends, so anyone on the LAN announcing
 * instances of our type could make a viewer query the LAN without bound. Here:
 *
 * <ul>
 *   <li>at most {@link #MAX_IN_FLIGHT} resolutions run at once, each until it resolves or for
 *       {@link #RESOLVE_TIMEOUT}, and a new one starts at most every {@link #START_INTERVAL};
 *   <li>an instance is resolved once: never again while it is held, refused (not a camera's) or
 *       waiting, until it says goodbye or its records expire; one that did not answer in time (its
 *       answers may have been lost) is asked again after {@link #RETRY_FIRST}, doubled each time up
 *       to {@link #RETRY_MAX}, and only when no new instance waits;
 *   <li>waiting instances are bounded ({@link #MAX_WAITING}) and shared by the address that
 *       announced them, the sender of the packet ({@link LanSourceQueue}): when full, the source
 *       waiting with the most drops its oldest, and the sources take turns, each its newest first,
 *       so a flood from one or a few addresses, however fast, neither pushes out nor holds back a
 *       camera announced from its own (LanFinds shares its places by source only after resolving);
 *   <li>an instance whose TXT record was heard and reads as a camera's announcement goes before
 *       those known only by their PTR record (the cheapest to forge: a flood of them does not keep
 *       a camera nobody looks for yet from the Add camera dialog's list), shared likewise, at
 *       most {@link #MAX_WAITING} of them, even if waiting to be retried;
 *   <li>an instance whose TXT record names a camera the viewer looks for goes before all others
 *       (a few per ID, the IDs in turn: {@link LanWantedQueue}), even if refused or waiting to be
 *       retried, and needs no room: a sustained flood of forged instances does not keep it
 *       waiting, nor does one claiming the IDs of other cameras looked for;
 *   <li>refusals, and retries, are remembered up to {@link #MAX_REFUSED} each (the oldest forgotten);
 *   <li>a held instance whose records changed (a camera's new TXT record: a new name or port, with
 *       no new PTR record) is resolved again, before new instances, once per change heard: one
 *       that changes while it resolves is resolved again after; such a resolution that ends with
 *       no answer (nothing changed for JmDNS) is not retried.
 * </ul>
 *
 * <p>{@code W} is where an instance was heard (the JmDNS of one interface), opaque here. Time is
 * passed in, in {@link System#nanoTime()} units. Not thread-safe: the browser holds its lock.
 */
final class LanResolutions<W> {
    static final int MAX_IN_FLIGHT = 4;
    static final int MAX_WAITING = 64;
    static final int MAX_REFUSED = 1_024;
    /** JmDNS's resolver asks at 225, 450 and 675 ms; a camera answers within 120 ms of each (RFC 6762 §6). */
    static final Duration RESOLVE_TIMEOUT = Duration.ofMillis(1_500);

    static final Duration START_INTERVAL = Duration.ofMillis(100);

    /** An instance that did not answer is asked again after this, doubled each time up to {@link #RETRY_MAX}. */
    static final Duration RETRY_FIRST = Duration.ofSeconds(30);

    static final Duration RETRY_MAX = Duration.ofMinutes(8);

    /** An instance to resolve now, and where it was heard. */
    record Start<W>(String name, W where) {}

    /** {@code again}: resolving a held instance whose records changed; no retry when it times out. */
    private record Resolving<W>(W where, long until, int attempt, boolean again) {}

    private record Retry<W>(W where, long due, int attempt) {}

    /** Instances known by their PTR record alone, shared by the address that announced them. */
    private final LanSourceQueue<W> waiting = new LanSourceQueue<>(MAX_WAITING);
    /** Instances whose TXT record reads as an announcement, to go before {@link #waiting}, shared likewise. */
    private final LanSourceQueue<W> announcing = new LanSourceQueue<>(MAX_WAITING);

    private final LanWantedQueue<W> wanted = new LanWantedQueue<>();
    private final Map<String, Resolving<W>> inFlight = new HashMap<>();
    private final SequencedMap<String, Retry<W>> retries = new LinkedHashMap<>();
    /** Held instances whose records changed, the first heard first, and those that changed while resolving. */
    private final SequencedMap<String, W> changed = new LinkedHashMap<>();

    private final SequencedSet<String> changedWhileResolving = new LinkedHashSet<>();
    private final SequencedSet<String> refused = new LinkedHashSet<>();
    private long lastStart;
    private boolean started;

    /**
     * Instance {@code name} was announced where {@code where}, in a packet from {@code source} (its
     * sender; null: unknown); {@code held} when the browser holds it already.
     */
    void announced(String name, W where, InetAddress source, boolean held) {
        if (held
                || inFlight.containsKey(name)
                || refused.contains(name)
                || retries.containsKey(name)
                || waiting.contains(name)
                || announcing.contains(name)
                || wanted.contains(name)) {
            return;
        }
        waiting.add(name, where, source);
    }

    /**
     * Instance {@code name}, not held, announced camera {@code id}, one the viewer looks for, in its
     * TXT record, heard where {@code where} in a packet from {@code source}: resolve it before anything else ({@link LanWantedQueue}).
     */
    void wanted(String name, CameraId id, W where, InetAddress source) {
        if (inFlight.containsKey(name) || wanted.contains(name)) {
            return;
        }
        forget(name); // a refusal or a retry's wait is not for it
        wanted.add(name, id, where, source);
    }

    /**
     * Instance {@code name}, not held, has a TXT record that reads as a camera's announcement, heard
     * where {@code where} in a packet from {@code source}: resolve it before the instances known only by their PTR record, as room
     * allows. Not one refused (not a camera's, or our list was full), resolving or wanted already.
     */
    void announcing(String name, W where, InetAddress source) {
        if (inFlight.containsKey(name)
                || refused.contains(name)
                || wanted.contains(name)
                || announcing.contains(name)) {
            return;
        }
        waiting.remove(name);
        retries.remove(name); // heard again: its answers are not lost this time
        announcing.add(name, where, source);
    }

    /** Held instance {@code name}'s records changed, heard where {@code where}: resolve it again. */
    void changed(String name, W where) {
        if (inFlight.containsKey(name)) {
            if (changedWhileResolving.size() >= MAX_REFUSED) {
                changedWhileResolving.removeFirst();
            }
            changedWhileResolving.add(name); // what it resolves to may predate this change
            return;
        }
        if (!changed.containsKey(name) && changed.size() >= MAX_REFUSED) {
            changed.pollFirstEntry();
        }
        changed.putIfAbsent(name, where);
    }

    /** Instance {@code name} resolved to a camera the browser now holds. */
    void held(String name) {
        Resolving<W> resolving = inFlight.get(name);
        boolean again = changedWhileResolving.contains(name);
        forget(name); // it may have answered after its timeout
        if (again && resolving != null) {
            changed.put(name, resolving.where());
        }
    }

    /** Instance {@code name} resolved to something the browser will not hold. */
    void refused(String name) {
        forget(name);
        refuse(name);
    }

    /** Instance {@code name} said goodbye (or its records expired): a new announcement is resolved again. */
    void removed(String name) {
        forget(name);
    }

    private void forget(String name) {
        inFlight.remove(name);
        waiting.remove(name);
        announcing.remove(name);
        wanted.remove(name);
        retries.remove(name);
        refused.remove(name);
        changed.remove(name);
        changedWhileResolving.remove(name);
    }

    /**
     * The instance to resolve now, or null; {@code room} is whether the browser could hold one more.
     * A wanted instance goes first ({@link LanWantedQueue}), then a held instance whose records changed (neither needs room),
     * then one whose TXT record announces a camera, then one waiting (each the newest of the source whose turn it is), then a retry that is due. Resolutions past their timeout end here, to be retried later.
     */
    Start<W> next(long now, boolean room) {
        endTimedOut(now);
        if (inFlight.size() >= MAX_IN_FLIGHT || started && now - lastStart < START_INTERVAL.toNanos()) {
            return null;
        }
        if (!wanted.isEmpty()) {
            Map.Entry<String, W> next = wanted.poll();
            return start(new Start<>(next.getKey(), next.getValue()), now, 0, false);
        }
        if (!changed.isEmpty()) {
            Map.Entry<String, W> first = changed.pollFirstEntry();
            return start(new Start<>(first.getKey(), first.getValue()), now, 0, true);
        }
        if (!room) {
            return null;
        }
        Start<W> start = null;
        int attempt = 0;
        if (!announcing.isEmpty() || !waiting.isEmpty()) {
            Map.Entry<String, W> newest = announcing.isEmpty() ? waiting.poll() : announcing.poll();
            start = new Start<>(newest.getKey(), newest.getValue());
        } else {
            for (Map.Entry<String, Retry<W>> retry : retries.entrySet()) {
                if (now - retry.getValue().due() >= 0) {
                    start = new Start<>(retry.getKey(), retry.getValue().where());
                    attempt = retry.getValue().attempt();
                    break;
                }
            }
            if (start == null) {
                return null;
            }
            retries.remove(start.name());
        }
        return start(start, now, attempt, false);
    }

    private Start<W> start(Start<W> start, long now, int attempt, boolean again) {
        inFlight.put(start.name(), new Resolving<>(start.where(), now + RESOLVE_TIMEOUT.toNanos(), attempt, again));
        lastStart = now;
        started = true;
        return start;
    }

    /** How long until {@link #next} may have something to do, if nothing else happens; {@code Long.MAX_VALUE}: never. */
    long nanosUntilNext(long now, boolean room) {
        long until = Long.MAX_VALUE;
        for (Resolving<W> resolving : inFlight.values()) {
            until = Math.min(until, Math.max(0, resolving.until() - now));
        }
        if (inFlight.size() < MAX_IN_FLIGHT) {
            long startable = started ? Math.max(0, lastStart + START_INTERVAL.toNanos() - now) : 0;
            if (!changed.isEmpty() || !wanted.isEmpty()) {
                until = Math.min(until, startable);
            }
            if (!room) {
                return until;
            }
            if (!waiting.isEmpty() || !announcing.isEmpty()) {
                until = Math.min(until, startable);
            }
            for (Retry<W> retry : retries.values()) {
                until = Math.min(until, Math.max(startable, retry.due() - now));
            }
        }
        return until;
    }

    int inFlight() {
        return inFlight.size();
    }

    int waiting() {
        return waiting.size();
    }

    /** A resolution that timed out is asked again later (its answers may have been lost), ever less often. */
    private void endTimedOut(long now) {
        for (Iterator<Map.Entry<String, Resolving<W>>> it = inFlight.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Resolving<W>> resolving = it.next();
            if (now - resolving.getValue().until() >= 0) {
                it.remove();
                String name = resolving.getKey();
                if (resolving.getValue().again()) {
                    // Held, and JmDNS told nothing new: no retry. Changed again meanwhile: once more.
                    if (changedWhileResolving.remove(name)) {
                        changed.put(name, resolving.getValue().where());
                    }
                    continue;
                }
                int attempt = resolving.getValue().attempt();
                long backoff = Math.min(RETRY_FIRST.toNanos() << Math.min(attempt, 16), RETRY_MAX.toNanos());
                if (retries.size() >= MAX_REFUSED) {
                    retries.pollFirstEntry();
                }
                retries.put(resolving.getKey(), new Retry<>(resolving.getValue().where(), now + backoff, attempt + 1));
            }
        }
    }

    private void refuse(String name) {
        refused.remove(name);
        if (refused.size() >= MAX_REFUSED) {
            refused.removeFirst();
        }
        refused.add(name);
    }
}
