package io.p2pcam.cloud.server;

import io.p2pcam.runtime.LogSpacing;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * Logs unexpected exceptions on a hot path without flooding the log: the first one with its
 * stack trace, then at most one line a minute ({@link LogSpacing}) saying how many there were
 * since the last line, the latest included. Not thread-safe; used from one event loop.
 */
final class RareProblemLog {
    static final Duration INTERVAL = Duration.ofMinutes(1);

    private final Logger log;
    private final LogSpacing spacing = new LogSpacing(INTERVAL);

    RareProblemLog(Logger log) {
        this.log = log;
    }

    void report(Throwable problem) {
        report(problem, TimeUnit.NANOSECONDS.toMillis(System.nanoTime()));
    }

    /** As {@link #report(Throwable)}, at {@code nowMillis} on a monotonic clock. */
    void report(Throwable problem, long nowMillis) {
        if (!spacing.admits(nowMillis)) {
            return;
        }
        if (spacing.wasFirst()) {
            log.warn("unexpected error on the UDP channel (it keeps running): {}", problem.toString(), problem);
        } else {
            log.warn(
                    "{} more unexpected errors on the UDP channel, the latest: {}",
                    spacing.heldBack() + 1,
                    problem.toString());
        }
    }
}
