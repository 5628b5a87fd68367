package io.p2pcam.cloud.server;

import io.lettuce.core.RedisException;

/**
 * The registry's Redis answers but cannot serve as the registry (it refuses Lua scripts, is too old, or runs in
 * Redis Cluster mode): as unusable as one that cannot be reached, but for a reason an admin must
 * fix, so the message is the whole of what they need (what Redis is, what p2pcam needs, where it
 * is documented) and has no cause to unwrap; {@link #health} says it in {@code /healthz}'s words.
 */
class RegistryUnusableException extends RedisException {
    private static final long serialVersionUID = 1L;

    private final String health;

    RegistryUnusableException(String message, String health) {
        super(message);
        this.health = health;
    }

    /** Why the node is degraded, for {@code /healthz}. */
    String health() {
        return health;
    }

    /** The such failure {@code failure} is, or was caused by; null if none. */
    static RegistryUnusableException causeOf(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof RegistryUnusableException unusable) {
                return unusable;
            }
        }
        return null;
    }
}
