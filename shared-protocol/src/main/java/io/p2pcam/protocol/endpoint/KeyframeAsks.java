package io.p2pcam.protocol.endpoint;

import io.p2pcam.protocol.pairing.TokenBucket;

/**
 * One viewer session's asks for keyframes, held to its viewer's budget (docs/PROTOCOL.md §10.6): its
 * asks (a PLI, a KEYFRAME_REQUEST, a switch to the other stream) reach the encoder {@value #BURST}
 * at once, then one per {@value #REFILL_MILLIS} ms. The budget is the viewer static key's, kept
 * across its sessions and shared by those open at once ({@link TokenBucketsPerKey}, decision 0071):
 * a budget per session started full at each connect, so a viewer reconnecting and asking each time
 * had two asks passed per connect (a PLI and a switch to the sub-stream every half second keyed
 * both streams once a second each, twice what one viewer's budget allows). An ask beyond that is owed, not dropped: it is passed on as
 * soon as a token comes, and the asks made meanwhile are folded into it (one keyframe answers
 * them all).
 *
 * <p>Why: a forced keyframe is an IDR picture, 5-10 times a predicted one's bits, taken from the
 * bitrate every viewer of that stream shares. The encoder's own spacing (one forced keyframe per
 * 250 ms per stream) is for all viewers together, so a viewer asking without pause made the
 * camera encode four IDRs a second for everyone (measured in KeyframeAbuseTest: a thousand asks
 * in 10 s all passed on). An honest viewer asks at most every 500 ms, and only while it waits for
 * a keyframe that a lossy path keeps breaking; its first two asks go at once, and it never waits
 * more than a second for the next.
 *
 * <p>What passes goes on to the stream's {@link ForcedKeyframes}, which coalesces every viewer's
 * asks for that stream (several viewers each within its budget must not key it four times a
 * second either). The camera's own keyframes (at admission, when a path is fixed) are not asks and
 * are not counted. Not thread-safe: the camera endpoint's thread drives it.
 */
final class KeyframeAsks {
    static final int BURST = 2;
    static final long REFILL_MILLIS = 1_000;

    private final TokenBucket tokens;
    /** When the owed ask may go, or {@link Long#MAX_VALUE} when none is owed. */
    private long owedAt = Long.MAX_VALUE;

    private long heldBack;

    /** Asks held to {@code tokens}, the viewer key's budget ({@value #BURST} at once, one per {@value #REFILL_MILLIS} ms). */
    KeyframeAsks(TokenBucket tokens) {
        this.tokens = tokens;
    }

    /** The viewer asks for a keyframe now: whether to pass the ask on now (else it is owed). */
    boolean ask(long now) {
        if (owedAt == Long.MAX_VALUE && tokens.has(now)) {
            tokens.take();
            return true;
        }
        heldBack++;
        if (owedAt == Long.MAX_VALUE) {
            owedAt = now + tokens.waitMillis(now);
        }
        return false;
    }

    /** Whether an owed ask may go now (it is then no longer owed). */
    boolean owedDue(long now) {
        if (now < owedAt) {
            return false;
        }
        long wait = tokens.waitMillis(now);
        if (wait > 0) {
            owedAt = now + wait;
            return false;
        }
        tokens.take();
        owedAt = Long.MAX_VALUE;
        return true;
    }

    /** When an owed ask may go, or {@link Long#MAX_VALUE}. */
    long nextTimeout() {
        return owedAt;
    }

    /** Asks not passed on at once (owed, or folded into an owed one). */
    long heldBack() {
        return heldBack;
    }
}
