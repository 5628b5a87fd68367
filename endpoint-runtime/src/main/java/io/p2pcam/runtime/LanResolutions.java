package io.p2pcam.runtime;

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
 *   <li>an instance is resolved once: never again while it is held, refused (not a camera's, or it
 *       did not resolve in time) or waiting, until it says goodbye or its records expire;
 *   <li>waiting instances are bounded ({@link #MAX_WAITING}, the oldest dropped), and the newest
 *       goes first, so a camera announced after a burst of forged ones is resolved next;
 *   <li>refusals are remembered up to {@link #MAX_REFUSED} (the oldest forgotten).
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

    /** An instance to resolve now, and where it was heard. */
    record Start<W>(String name, W where) {}

    private final SequencedMap<String, W> waiting = new LinkedHashMap<>();
    private final Map<String, Long> inFlightUntil = new HashMap<>();
    private final SequencedSet<String> refused = new LinkedHashSet<>();
    private long lastStart;
    private boolean started;

    /** Instance {@code name} was announced where {@code where}; {@code held} when the browser holds it already. */
    void announced(String name, W where, boolean held) {
        if (held || inFlightUntil.containsKey(name) || refused.contains(name) || waiting.containsKey(name)) {
            return;
        }
        if (waiting.size() >= MAX_WAITING) {
            waiting.pollFirstEntry();
        }
        waiting.put(name, where);
    }

    /** Instance {@code name} resolved to a camera the browser now holds. */
    void held(String name) {
        inFlightUntil.remove(name);
        waiting.remove(name);
        refused.remove(name); // it may have answered after its timeout
    }

    /** Instance {@code name} resolved to something the browser will not hold. */
    void refused(String name) {
        inFlightUntil.remove(name);
        waiting.remove(name);
        refuse(name);
    }

    /** Instance {@code name} said goodbye (or its records expired): a new announcement is resolved again. */
    void removed(String name) {
        inFlightUntil.remove(name);
        waiting.remove(name);
        refused.remove(name);
    }

    /**
     * The instance to resolve now, or null; {@code room} is whether the browser could hold one more.
     * Resolutions past their timeout end here, refused.
     */
    Start<W> next(long now, boolean room) {
        endTimedOut(now);
        if (!room
                || waiting.isEmpty()
                || inFlightUntil.size() >= MAX_IN_FLIGHT
                || started && now - lastStart < START_INTERVAL.toNanos()) {
            return null;
        }
        Map.Entry<String, W> newest = waiting.pollLastEntry();
        inFlightUntil.put(newest.getKey(), now + RESOLVE_TIMEOUT.toNanos());
        lastStart = now;
        started = true;
        return new Start<>(newest.getKey(), newest.getValue());
    }

    /** How long until {@link #next} may have something to do, if nothing else happens; {@code Long.MAX_VALUE}: never. */
    long nanosUntilNext(long now, boolean room) {
        long until = Long.MAX_VALUE;
        for (long deadline : inFlightUntil.values()) {
            until = Math.min(until, Math.max(0, deadline - now));
        }
        if (room && !waiting.isEmpty() && inFlightUntil.size() < MAX_IN_FLIGHT) {
            until = Math.min(until, started ? Math.max(0, lastStart + START_INTERVAL.toNanos() - now) : 0);
        }
        return until;
    }

    int inFlight() {
        return inFlightUntil.size();
    }

    int waiting() {
        return waiting.size();
    }

    private void endTimedOut(long now) {
        for (Iterator<Map.Entry<String, Long>> it = inFlightUntil.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Long> resolving = it.next();
            if (now - resolving.getValue() >= 0) {
                it.remove();
                refuse(resolving.getKey());
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
