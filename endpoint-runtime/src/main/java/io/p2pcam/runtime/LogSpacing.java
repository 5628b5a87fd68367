package io.p2pcam.runtime;

import java.time.Duration;

/**
 * Spaces out a log line that someone else can set off at will (a viewer switching streams as
 * fast as it likes): the first is written, then at most one per interval, and each written line
 * can say how many were held back before it. An admin still sees that it happens and how often,
 * and a remote party cannot turn the log into a flood. Not thread-safe: one per thread.
 */
public final class LogSpacing {
    private final long intervalMillis;
    private boolean anyWritten;
    private long lastWritten;
    private long held;
    private long heldBeforeLast;
    private boolean lastAdmitted;
    private boolean lastWasFirst;

    public LogSpacing(Duration interval) {
        this.intervalMillis = interval.toMillis();
    }

    /**
     * Whether the line due at {@code nowMillis} (a monotonic clock) is written; if not, it is
     * counted as held back.
     */
    public boolean admits(long nowMillis) {
        if (anyWritten && nowMillis - lastWritten < intervalMillis) {
            held++;
            lastAdmitted = false;
            return false;
        }
        lastAdmitted = true;
        lastWasFirst = !anyWritten;
        anyWritten = true;
        lastWritten = nowMillis;
        heldBeforeLast = held;
        held = 0;
        return true;
    }

    /**
     * Whether the line {@link #admits} last let through was the first it ever let through: the one
     * worth the details (a stack trace) that later lines leave out.
     */
    public boolean wasFirst() {
        return lastWasFirst;
    }

    /** How many lines were held back before the one {@link #admits} last let through. */
    public long heldBack() {
        return heldBeforeLast;
    }

    /**
     * What to append to the line {@link #admits} just decided on: for a line let through after
     * others were held back, e.g. " (and 12 more like it since the last)"; otherwise "" (a line
     * held back is at most written at a lower level, where the count would mislead).
     */
    public String heldBackInWords() {
        return !lastAdmitted || heldBeforeLast == 0 ? "" : " (and " + heldBeforeLast + " more like it since the last)";
    }
}
