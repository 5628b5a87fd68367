package io.p2pcam.cloud.server;

import io.p2pcam.runtime.LogSpacing;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;

/**
 * The line saying that a node cannot use its registry and is degraded. Written when a registry
 * that answered fails, and whenever the reason changes (Redis away, then up but refusing the
 * node's scripts or password: the admin must see the new reason, not only the first); a node that
 * keeps failing for the same reason, retrying every 2 s, repeats it at most once per {@link
 * #INTERVAL}, saying how many failures it stands for. Thread-safe: failures come from the
 * connector's thread and Lettuce's.
 */
final class RegistryDownLog {
    static final Duration INTERVAL = Duration.ofMinutes(1);

    private final Logger log;
    private final String registry;
    private final String node;
    private LogSpacing spacing = new LogSpacing(INTERVAL);
    private String lastReason;

    /**
     * @param registry the registry's servers as the log names them, without a password
     */
    RegistryDownLog(Logger log, String registry, String node) {
        this.log = log;
        this.registry = registry;
        this.node = node;
    }

    /**
     * The registry failed for {@code reason} at {@code nowMillis} (a monotonic clock); {@code
     * wasUp} if it had answered until then.
     */
    synchronized void failed(Throwable reason, boolean wasUp, long nowMillis) {
        String why = ClusterNode.why(reason);
        if (wasUp || !Objects.equals(why, lastReason)) {
            spacing = new LogSpacing(INTERVAL);
            lastReason = why;
        }
        if (!spacing.admits(nowMillis)) {
            return;
        }
        String degraded =
                "node " + node + " is degraded, serving its own cameras only; retrying" + spacing.heldBackInWords();
        if (RegistryUnusableException.causeOf(reason) != null) {
            log.warn("cluster registry {}: {}: {}", registry, why, degraded);
        } else {
            log.warn("cluster registry {} unreachable ({}): {}", registry, why, degraded);
        }
    }
}
