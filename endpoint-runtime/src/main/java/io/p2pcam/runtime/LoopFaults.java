package io.p2pcam.runtime;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What went wrong in a {@link UdpEndpointRunner}'s loop without stopping it: an exception from one
 * entry into the endpoint costs that entry, is counted here under its {@link Reason}, and is
 * logged at most once per {@link #LOG_INTERVAL_MILLIS} per reason (a flood of bad datagrams must
 * not become a flood of log lines).
 *
 * <p>Thread-safety: the loop thread records; any thread may read the counts.
 */
public final class LoopFaults {
    private static final Logger log = LoggerFactory.getLogger(LoopFaults.class);
    /** At most one log line per reason in this time; the ones in between are counted in the next. */
    public static final long LOG_INTERVAL_MILLIS = 10_000;

    /** Which entry into the endpoint (or out of it) failed. */
    public enum Reason {
        /** handleDatagram threw: the datagram is dropped. */
        DATAGRAM,
        /** handleTimeout or nextTimeout threw. */
        TIMEOUT,
        /** A task handed in through {@link UdpEndpointRunner#execute} threw. */
        TASK,
        /** The after-each-turn hook (event draining) threw. */
        EVENTS,
        /** The endpoint threw when told that the path to the cloud changed (UDP ↔ TCP). */
        PATH_CHANGE,
        /** A datagram could not be sent (no route, full buffer, an address family the socket lacks). */
        SEND,
        /** The task queue was full: the task was refused and never ran. */
        QUEUE_FULL
    }

    private final String loop;
    private final AtomicLongArray counts = new AtomicLongArray(Reason.values().length);
    private final Map<Reason, Long> lastLoggedAt = new EnumMap<>(Reason.class);
    private final Map<Reason, Long> countAtLastLog = new EnumMap<>(Reason.class);

    LoopFaults(String loop) {
        this.loop = loop;
    }

    /** Counts a fault; {@code error} is logged (rate-limited) unless null (expected, e.g. a send failure). */
    void record(Reason reason, Throwable error, long now) {
        long count = counts.incrementAndGet(reason.ordinal());
        if (error == null) {
            return;
        }
        Long last = lastLoggedAt.get(reason);
        if (last != null && now - last < LOG_INTERVAL_MILLIS) {
            return;
        }
        long since = count - countAtLastLog.getOrDefault(reason, 0L) - 1;
        lastLoggedAt.put(reason, now);
        countAtLastLog.put(reason, count);
        String more = since > 0 ? " (and " + since + " more since the last report)" : "";
        // Once with the stack trace (the bug to fix), then a line per interval.
        log.warn(
                "{}: {} dropped after an exception: {}{}",
                loop,
                reason.name().toLowerCase(Locale.ROOT).replace('_', ' '),
                error.toString(),
                more,
                last == null ? error : null);
    }

    /** How often {@code reason} happened so far. */
    public long count(Reason reason) {
        return counts.get(reason.ordinal());
    }

    /** Every count, for metrics and tests. */
    public Map<Reason, Long> counts() {
        Map<Reason, Long> all = new EnumMap<>(Reason.class);
        for (Reason reason : Reason.values()) {
            all.put(reason, count(reason));
        }
        return all;
    }
}
