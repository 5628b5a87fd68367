package io.p2pcam.protocol.audio;

import java.util.HashMap;
import java.util.Map;

/**
 * Who may talk through the camera's speaker (docs/PROTOCOL.md §10.7, talkback): one viewer at a
 * time, as NVRs and cameras with two-way audio do (a second client's "start talk" is refused while
 * one talks). The first admitted viewer whose talk packet arrives while the floor is free takes
 * it; packets of every other viewer are refused until the holder has sent nothing for {@link
 * #RELEASE_MILLIS} ms, its session ended, or its turn has lasted {@link #MAX_TURN_MILLIS} ms and
 * another viewer asks. Mixing two talkers would need a mixer and would let a second viewer talk
 * over the first unheard; refusing keeps what the camera plays one person's. The maximum turn is
 * the push-to-talk radio's transmit time-out: without it a viewer that sends a packet every
 * breath keeps the floor for ever (decision 0050).
 *
 * <p>The camera's owner (docs/PROTOCOL.md §10.1: the viewer paired with it first) takes the floor at
 * once from any other viewer, as an NVR's administrator's talk preempts a user's: the one it was
 * taken from is refused from then on, and told it was {@linkplain #takenFrom taken over} rather than
 * merely refused. Nobody takes the floor from the owner, its other sessions included.
 *
 * <p>Sans I/O: times are milliseconds of the caller's monotonic clock. Not thread-safe.
 */
public final class TalkFloor {
    /**
     * How often a refused viewer is told (docs/PROTOCOL.md §10.7): often enough that its app says
     * so within a quarter second of the press, rarely enough that 50 refused packets a second
     * cost the camera 4 small replies.
     */
    public static final long NOTICE_INTERVAL_MILLIS = 250;

    /** How long the holder may pause (a breath, a lost burst) before another viewer may talk. */
    public static final long RELEASE_MILLIS = 500;

    /**
     * How long one turn may last once another viewer asks for the floor: a minute, as push-to-talk
     * radios cut a transmission (their time-out timer), long enough for any announcement through
     * a door camera and short enough that a stuck or hostile talker cannot silence the others.
     * Nobody asking, the holder talks on.
     */
    public static final long MAX_TURN_MILLIS = 60_000;

    private boolean held;
    private int holder;
    /** Whether the holder is a session of the camera's owner. */
    private boolean holderIsOwner;
    /** Whether the holder's turn began by taking the floor from {@link #takenFrom}. */
    private boolean tookOver;

    private int takenFrom;
    private long takeOvers;
    /** When the holder took the floor (its turn began). */
    private long turnStart;

    private long lastHeard;
    private long refused;
    /** When each refused session was last told, by session ID (only sessions refused lately). */
    private final Map<Integer, Long> lastNotice = new HashMap<>();

    /**
     * Whether a talk packet of viewer session {@code sessionId} arriving at {@code now} may play;
     * takes the floor for it when free.
     */
    public boolean admit(int sessionId, long now) {
        return admit(sessionId, false, now);
    }

    /**
     * As {@link #admit(int, long)}, for a session of the camera's owner when {@code owner}: it takes
     * the floor at once from a holder that is not the owner's.
     */
    public boolean admit(int sessionId, boolean owner, long now) {
        boolean holding = held && now - lastHeard < RELEASE_MILLIS;
        if (holding && holder == sessionId) {
            lastHeard = now;
            return true;
        }
        boolean takeOver = holding && owner && !holderIsOwner;
        if (holding && !takeOver && now - turnStart < MAX_TURN_MILLIS) {
            refused++;
            return false;
        }
        // Free, the holder's turn is over and someone else asks, or the owner takes over: a new turn.
        tookOver = takeOver;
        if (takeOver) {
            takenFrom = holder;
            takeOvers++;
        }
        held = true;
        holder = sessionId;
        holderIsOwner = owner;
        turnStart = now;
        lastHeard = now;
        return true;
    }

    /**
     * Whether viewer session {@code sessionId}, just refused, should be told now (at most once per
     * {@link #NOTICE_INTERVAL_MILLIS}); records that it is.
     */
    public boolean noticeDue(int sessionId, long now) {
        Long last = lastNotice.get(sessionId);
        if (last != null && now - last < NOTICE_INTERVAL_MILLIS) {
            return false;
        }
        lastNotice.put(sessionId, now);
        return true;
    }

    /** The session ended: if it held the floor, the floor is free at once. */
    public void sessionEnded(int sessionId) {
        lastNotice.remove(sessionId);
        if (held && holder == sessionId) {
            held = false;
        }
    }

    /** The session holding the floor at {@code now}, or empty-handed: {@code null}. */
    public Integer holder(long now) {
        return held && now - lastHeard < RELEASE_MILLIS ? holder : null;
    }

    /**
     * Whether viewer session {@code sessionId} lost the floor to the owner taking it over, and the
     * owner's turn goes on at {@code now}: its refusal says "taken over" (docs/PROTOCOL.md §10.7).
     */
    public boolean takenFrom(int sessionId, long now) {
        return tookOver && takenFrom == sessionId && holder(now) != null;
    }

    /** How many times the owner took the floor from another viewer. */
    public long takeOvers() {
        return takeOvers;
    }

    /** Talk packets refused because another viewer held the floor. */
    public long refused() {
        return refused;
    }
}
