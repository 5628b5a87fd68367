package io.p2pcam.cloud.core;

/** How a cloud pass presented in a CONNECT_REQUEST fared (docs/PROTOCOL.md §5.3, {@link CloudPasses}). */
public enum PassVerdict {
    /** The request carries no pass. */
    NONE,
    /** Genuine, fresh and within its rate: the request skips the strangers' cap. */
    PASSED,
    /** The tag does not verify: a forgery, or a pass under another secret (another cloud). */
    FORGED,
    /** Genuine but outside the time window, or not newer than its last pass (a copy). */
    STALE,
    /** Genuine and fresh, but the pass has used its share for now. */
    OVER_RATE
}
