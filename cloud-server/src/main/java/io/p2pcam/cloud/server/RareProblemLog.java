package io.p2pcam.cloud.server;

import org.slf4j.Logger;

/**
 * Logs unexpected exceptions on a hot path without flooding the log: the first one with its
 * stack trace, then at most one line a minute saying how many more there were. Not thread-safe;
 * used from one event loop.
 */
final class RareProblemLog {
    private static final long QUIET_NANOS = 60_000_000_000L;

    private final Logger log;
    private long lastLoggedNanos;
    private boolean loggedOnce;
    private long suppressed;

    RareProblemLog(Logger log) {
        this.log = log;
    }

    void report(Throwable problem) {
        long now = System.nanoTime();
        if (!loggedOnce) {
            loggedOnce = true;
            lastLoggedNanos = now;
            log.warn("unexpected error on the UDP channel (it keeps running): {}", problem.toString(), problem);
            return;
        }
        suppressed++;
        if (now - lastLoggedNanos >= QUIET_NANOS) {
            log.warn("{} more unexpected errors on the UDP channel, the latest: {}", suppressed, problem.toString());
            lastLoggedNanos = now;
            suppressed = 0;
        }
    }
}
