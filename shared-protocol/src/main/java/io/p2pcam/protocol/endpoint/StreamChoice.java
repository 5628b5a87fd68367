package io.p2pcam.protocol.endpoint;

import io.p2pcam.protocol.recovery.MediaReceiver;
import io.p2pcam.protocol.recovery.VideoReceiver;
import io.p2pcam.protocol.session.SecureSession;
import io.p2pcam.protocol.session.VideoStream;
import java.util.Arrays;
import java.util.Queue;

/**
 * A viewer's choice of the camera's main or sub-stream as soft state (docs/PROTOCOL.md §10.9): which
 * stream it asks for, and when the SELECT_STREAM goes again, every {@value
 * ViewerEndpoint#SELECTION_REFRESH_MILLIS} ms while live, so that a lost one costs a second at most.
 * Kept apart from {@link ViewerEndpoint} so that the endpoint's timer loop only asks it when and
 * whether to send, and the repeat and fallback rules live in one place.
 *
 * <p><b>Falling back to the sub-stream</b> (decision 0042). A path that cannot carry the main stream
 * even at the rate the camera lowers it to breaks its pictures (packets given up after their
 * retransmissions) and holds every other main-stream viewer to that low rate. When the main stream
 * asked for breaks in {@value #BROKEN_SECONDS} of the last {@value #WINDOW_SECONDS} seconds, the
 * viewer asks for the sub-stream instead for a while ({@value #FIRST_HOLD_MILLIS} ms, doubled up to
 * {@value #MAX_HOLD_MILLIS} ms each time the main stream breaks again within {@value
 * #CLEAN_MILLIS} ms of a return), then tries the main stream again: a small clean picture rather
 * than a large broken one, as an SFU drops a receiver to a lower simulcast layer. Choosing a stream
 * anew (the user enlarges the tile) ends a fallback.
 *
 * <p>The hold starts, and {@link ViewerEvent.StreamFallback} reports it, only when the sub-stream
 * arrives ({@link SubStreamAnswer}); its end, or a new choice, reports the return. An ask the camera
 * leaves unanswered (the main stream still coming {@value SubStreamAnswer#ANSWER_MILLIS} ms later)
 * sends the viewer back to the main stream, reporting nothing (it never left it); the main stream
 * breaking again asks again. A camera without a sub-stream refuses in silence, but so does a path
 * that lost every SELECT_STREAM of the wait, and that path is the very reason for asking: only
 * {@value #UNANSWERED_ASKS} unanswered asks in a row, each after the main stream broke anew, count as
 * a camera without one, and then the viewer does not fall back again in this session.
 *
 * <p><b>A camera that lists its streams</b> in its welcome (decision 0044) ends the guessing: one
 * that listed no sub-stream is never asked for one (neither on a fallback nor for a small tile: the
 * main stream is asked for instead), and one that listed a sub-stream is never taken for one
 * without, however many asks go unanswered. A camera that lists nothing is treated as above.
 */
final class StreamChoice {
    static final int WINDOW_SECONDS = 10;
    static final int BROKEN_SECONDS = 3;
    static final long FIRST_HOLD_MILLIS = 30_000;
    static final long MAX_HOLD_MILLIS = 480_000;
    static final long CLEAN_MILLIS = 60_000;
    /** Unanswered asks that make a camera one without a sub-stream: lost asks are no proof. */
    static final int UNANSWERED_ASKS = 3;

    private final Queue<ViewerEvent> events;
    /** The stream chosen, or null: the viewer takes what the camera sends (the main stream). */
    private VideoStream wanted;
    /** When the choice is sent again; never until it was sent once. */
    private long nextAt = Long.MAX_VALUE;
    /** When the fallback next looks at the video's counters (once a second while live). */
    private long nextLookAt;

    /** Of the last {@link #WINDOW_SECONDS} seconds on the main stream, which broke (a ring). */
    private final boolean[] broken = new boolean[WINDOW_SECONDS];

    private int slot;
    private int brokenCount;
    private long lastGivenUp = -1;
    /** Whether the sub-stream is asked for in place of the main stream chosen. */
    private boolean fallenBack;
    /** When the hold ends; {@link Long#MAX_VALUE} until the sub-stream arrives. */
    private long fallbackEnds;

    private final SubStreamAnswer answer = new SubStreamAnswer();
    /** The streams the camera's welcome listed (decision 0044). */
    private AnnouncedStreams streams = AnnouncedStreams.NOT_LISTED;
    /** Asks in a row the camera left unanswered, since the session began or the sub-stream last came. */
    private int unansweredAsks;
    /** The camera has no sub-stream ({@link #UNANSWERED_ASKS} asks unanswered): no more fallbacks now. */
    private boolean noSubStream;

    private long hold = FIRST_HOLD_MILLIS;
    /** When the viewer last came back to the main stream after a fallback, or -1. */
    private long returnedAt = -1;

    StreamChoice(Queue<ViewerEvent> events) {
        this.events = events;
    }

    /** The streams the camera listed in its welcome; {@link AnnouncedStreams#NOT_LISTED} keeps the guessing. */
    void listed(AnnouncedStreams streams) {
        this.streams = streams;
        noSubStream = streams.listedNoSub(); // nothing to fall back to: no ask, no wait
    }

    void want(VideoStream stream) {
        if (stream != wanted) {
            if (onSub()) {
                events.add(new ViewerEvent.StreamFallback(false, 0)); // the user's choice ends it
            }
            fallenBack = false;
            forgetWindow();
        }
        wanted = stream;
    }

    /** The stream chosen, or null when the viewer never chose. */
    VideoStream wanted() {
        return wanted;
    }

    /**
     * The stream asked for now: the chosen one, or the sub-stream while falling back; the main
     * stream for a sub-stream chosen of a camera that listed none (it would only refuse the ask).
     */
    VideoStream asked() {
        if (fallenBack) {
            return VideoStream.SUB;
        }
        return wanted == VideoStream.SUB && streams.listedNoSub() ? VideoStream.MAIN : wanted;
    }

    /** Whether the viewer fell back and the sub-stream arrives (reported, and its hold running). */
    private boolean onSub() {
        return fallenBack && fallbackEnds != Long.MAX_VALUE;
    }

    /** Sends the choice on {@code session} (if any, and if one was made) and sets the next repeat. */
    void send(SecureSession session, long now) {
        VideoStream stream = asked();
        if (stream != null && session != null && session.selectStream(stream, now)) {
            nextAt = now + ViewerEndpoint.SELECTION_REFRESH_MILLIS;
        }
    }

    /** When the choice is due again or the fallback looks (call only while live), or {@link Long#MAX_VALUE}. */
    long nextTimeout() {
        return wanted == null ? Long.MAX_VALUE : Math.min(nextAt, nextLookAt);
    }

    /**
     * Looks at the video's recovery counters ({@code stats}, null before any) and its progress
     * ({@code video}: which SSRC comes) once a second for the fallback, and sends the choice when it
     * is due or the stream asked for changed (call only while live).
     */
    void handleTimeout(SecureSession session, MediaReceiver.Stats stats, VideoReceiver.Progress video, long now) {
        VideoStream before = asked();
        if (now >= nextLookAt) {
            nextLookAt = now + ViewerEndpoint.SELECTION_REFRESH_MILLIS;
            if (stats != null) {
                follow(stats.givenUp(), video, now);
            }
        }
        if (now >= nextAt || asked() != before) {
            send(session, now);
        }
    }

    /** One look a second: counts the main stream's broken seconds, falls back or returns. */
    private void follow(long givenUp, VideoReceiver.Progress video, long now) {
        boolean brokeSinceLastLook = lastGivenUp >= 0 && givenUp > lastGivenUp;
        lastGivenUp = givenUp;
        if (fallenBack) {
            holdOrReturn(video, now);
            return;
        }
        if (wanted != VideoStream.MAIN || noSubStream) {
            return;
        }
        if (returnedAt >= 0 && now - returnedAt >= CLEAN_MILLIS) {
            returnedAt = -1; // the main stream held: the next fallback starts short again
            hold = FIRST_HOLD_MILLIS;
        }
        brokenCount += (brokeSinceLastLook ? 1 : 0) - (broken[slot] ? 1 : 0);
        broken[slot] = brokeSinceLastLook;
        slot = (slot + 1) % WINDOW_SECONDS;
        if (brokenCount >= BROKEN_SECONDS) {
            fallenBack = true;
            fallbackEnds = Long.MAX_VALUE; // the hold starts when the sub-stream arrives
            answer.asked(video, now);
            forgetWindow();
        }
    }

    /** While falling back: the camera's answer to the ask, then the hold and the return. */
    private void holdOrReturn(VideoReceiver.Progress video, long now) {
        if (!onSub()) {
            switch (answer.look(video, streams, now)) {
                case MOVED -> {
                    unansweredAsks = 0;
                    if (returnedAt >= 0) {
                        hold = Math.min(2 * hold, MAX_HOLD_MILLIS); // it broke again soon after the last return
                    }
                    fallbackEnds = now + hold;
                    events.add(new ViewerEvent.StreamFallback(true, hold));
                }
                case UNANSWERED -> {
                    fallenBack = false; // nothing to report: the main stream never stopped
                    // A camera that listed its sub-stream has one: the asks were lost, ask again.
                    noSubStream = !streams.listed() && ++unansweredAsks >= UNANSWERED_ASKS;
                }
                case WAITING -> {}
            }
        } else if (now >= fallbackEnds) {
            fallenBack = false;
            returnedAt = now;
            forgetWindow();
            events.add(new ViewerEvent.StreamFallback(false, 0));
        }
    }

    private void forgetWindow() {
        Arrays.fill(broken, false);
        brokenCount = 0;
    }
}
