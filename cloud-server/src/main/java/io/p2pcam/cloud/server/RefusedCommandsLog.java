package io.p2pcam.cloud.server;

import io.p2pcam.runtime.LogSpacing;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * The log line for registry commands refused without being sent ({@link RedisRegistry#refused}:
 * the cap of camera writes awaiting Redis reached, Lettuce's request queue full, or the connection
 * down): a flood of them is one line when it starts, then at most one per {@link #INTERVAL}, each
 * saying how many were refused since the line before, never a line (or a stack trace) per
 * command. The count is also {@code p2pcam_cluster_registry_operations_total{kind="refused"}}.
 * Not thread-safe: the heartbeat's thread.
 */
final class RefusedCommandsLog {
    static final Duration INTERVAL = Duration.ofMinutes(1);

    private final Logger log;
    private final String registry;
    private final LogSpacing spacing = new LogSpacing(INTERVAL);
    /** The registry's count of refused commands when the last line was written. */
    private long reported;

    /**
     * @param registry the registry's servers as the log names them, without a password
     */
    RefusedCommandsLog(Logger log, String registry) {
        this.log = log;
        this.registry = registry;
    }

    /** The registry has refused {@code refusedSoFar} commands by {@code nowMillis} (a monotonic clock). */
    void refusedSoFar(long refusedSoFar, long nowMillis) {
        if (refusedSoFar <= reported || !spacing.admits(nowMillis)) {
            return;
        }
        log.warn(
                "cluster registry {}: {} commands refused without being sent since the last report "
                        + "(Redis is not keeping up, or is away); they count as failed, and the cameras are written again",
                registry,
                refusedSoFar - reported);
        reported = refusedSoFar;
    }
}
