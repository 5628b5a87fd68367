package io.p2pcam.protocol.endpoint;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.pairing.TokenBucket;

/**
 * Each viewer installation's budget of the keyframes the camera forces for a new session's first
 * picture (docs/PROTOCOL.md §10.5, decision 0064): {@value #BURST} at once, then one per {@value
 * #REFILL_MILLIS} ms, per viewer static key, kept across its sessions. A session admitted without
 * one starts at its stream's next keyframe (a periodic one, at most two seconds away with the
 * reference encoder, or one another viewer asked for).
 *
 * <p>Why per key and not per session: a budget per session starts full, so a viewer reconnecting in a loop (a paired viewer's handshakes have no budget, §10.1) got a
 * forced IDR at every admission and again when its path was fixed, at the encoder's 250 ms spacing:
 * four IDRs a second in the stream every other viewer shares. Two at once covers an honest
 * installation opening a main and a sub-stream tile, or coming back after a dropped session.
 *
 * <p>At most {@value #MAX_KEYS} keys are remembered, the least recently admitted forgotten: a
 * forgotten key's budget starts full again, which only a flood of distinct admitted keys achieves.
 * Not thread-safe: the camera endpoint's thread drives it.
 */
final class FirstKeyframes {
    static final int BURST = 2;
    static final long REFILL_MILLIS = 10_000;
    static final int MAX_KEYS = 1024;

    private final TokenBucketsPerKey budgets = new TokenBucketsPerKey(BURST, REFILL_MILLIS, MAX_KEYS);

    /** Whether a session of {@code viewerKey} admitted now gets a forced first keyframe (taking one from the budget). */
    boolean grant(Bytes viewerKey, long now) {
        TokenBucket budget = budgets.of(viewerKey, now);
        if (!budget.has(now)) {
            return false;
        }
        budget.take();
        return true;
    }
}
