package io.p2pcam.protocol.endpoint;

import java.util.LinkedHashSet;
import java.util.OptionalInt;
import java.util.Set;

/**
 * One video stream's forced keyframes (docs/PROTOCOL.md §10.6), sans I/O: the viewers' asks for a
 * keyframe of the stream, each already within its viewer's own budget ({@link KeyframeAsks}), are
 * coalesced so that the stream's encoder is asked at most once per {@value #SPACING_MILLIS} ms. The
 * first ask after a quiet second goes at once; an ask within the second after the last one waits,
 * with every other ask made meanwhile, for one ask at the end of that second, or for the stream's
 * next keyframe if one is sent before (it serves them all: a viewer that asked before a keyframe's
 * first packet went out gets that keyframe).
 *
 * <p>Why: each viewer's budget alone let several viewers together, each within its own, key the
 * stream at the encoder's spacing (four IDRs a second, for every viewer of the stream): an IDR
 * is 10-30 times a predicted picture's bits, out of the bitrate they all share. One ask a second
 * answers any number of waiting viewers as well as one. A viewer that waits is never passed over:
 * it is served by the next keyframe of the stream, at most a second after the last ask.
 *
 * <p>Not thread-safe: the camera endpoint's thread drives it.
 */
final class ForcedKeyframes {
    /** The least time between two asks to the stream's encoder. */
    static final long SPACING_MILLIS = 1_000;

    /** The viewers (session IDs) whose asks wait, in the order they asked. */
    private final Set<Integer> waiting = new LinkedHashSet<>();

    private long lastForced;
    private boolean forcedBefore;
    private long heldBack;

    /**
     * Viewer {@code session} asks for a keyframe (within its budget): whether to ask the encoder
     * now. If not, the viewer waits for the next keyframe of the stream.
     */
    boolean ask(int session, long now) {
        if (quiet(now)) { // asks still waiting (their timer not run yet) are served by this one
            forced(now);
            return true;
        }
        waiting.add(session);
        heldBack++;
        return false;
    }

    /** A keyframe of the stream went out (its first packet): it serves every viewer waiting. */
    void keyframeSent() {
        waiting.clear();
    }

    /** The viewer left the stream (switched away or gone): it waits no more. */
    void forget(int session) {
        waiting.remove(session);
    }

    /**
     * Whether the waiting asks go to the encoder now, as one ask: the session ID of the viewer that
     * waited longest (the ask is made in its name), or empty while nobody waits or the spacing holds.
     */
    OptionalInt due(long now) {
        if (waiting.isEmpty() || !quiet(now)) {
            return OptionalInt.empty();
        }
        int first = waiting.iterator().next();
        forced(now);
        return OptionalInt.of(first);
    }

    /** When waiting asks may go, or {@link Long#MAX_VALUE} when nobody waits. */
    long nextTimeout() {
        return waiting.isEmpty() ? Long.MAX_VALUE : lastForced + SPACING_MILLIS;
    }

    /** Asks that did not go to the encoder at once (each served by a later ask or keyframe). */
    long heldBack() {
        return heldBack;
    }

    private boolean quiet(long now) {
        return !forcedBefore || now - lastForced >= SPACING_MILLIS;
    }

    private void forced(long now) {
        lastForced = now;
        forcedBefore = true;
        waiting.clear(); // the ask made now serves them too
    }
}
