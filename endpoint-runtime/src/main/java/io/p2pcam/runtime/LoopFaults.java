package io.p2pcam.runtime;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What went wrong in a {@link UdpEndpointRunner}'s loop without stopping it: an exception from one
 * entry into the endpoint costs that entry, is counted here under its {@link Reason}, and is
 * logged at most once per {@link #LOG_INTERVAL_MILLIS} per reason ({@link LogSpacing}: a flood of
 * bad datagrams must not become a flood of log lines).
 *
 * <p>Thread-safety: the loop thread records (any thread may record a fault without an exception,
 * which is counted, never logged); any thread may read the counts.
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
    /** The log lines of each reason, spaced apart: loop thread only. */
    private final Map<Reason, LogSpacing> lines = new EnumMap<>(Reason.class);

    LoopFaults(String loop) {
        this.loop = loop;
        for (Reason reason : Reason.values()) {
            lines.put(reason, new LogSpacing(Duration.ofMillis(LOG_INTERVAL_MILLIS)));
        }
    }

    /** Counts a fault; {@code error} is logged (rate-limited) unless null (expected, e.g. a send failure). */
    void record(Reason reason, Throwable error, long now) {
        counts.incrementAndGet(reason.ordinal());
        if (error == null) {
            return;
        }
        LogSpacing spacing = lines.get(reason);
        if (!spacing.admits(now)) {
            return;
        }
        long since = spacing.heldBack(); // faults with an exception: the expected ones are only counted
        String more = since > 0 ? " (and " + since + " more since the last report)" : "";
        // Once with the stack trace (the bug to fix), then a line per interval.
        log.warn(
                "{}: {} dropped after an exception: {}{}",
                loop,
                reason.name().toLowerCase(Locale.ROOT).replace('_', ' '),
                error.toString(),
                more,
                spacing.wasFirst() ? error : null);
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
