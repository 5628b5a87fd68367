package io.p2pcam.protocol.endpoint;

import io.p2pcam.protocol.session.SecureSession;
import io.p2pcam.protocol.session.VideoStream;

/**
 * A viewer's choice of the camera's main or sub-stream as soft state (docs/PROTOCOL.md §10.9): which
 * stream it asked for, and when the SELECT_STREAM goes again, every {@value
 * ViewerEndpoint#SELECTION_REFRESH_MILLIS} ms while live, so that a lost one costs a second at most.
 * Kept apart from {@link ViewerEndpoint} so that the endpoint's timer loop only asks it when and
 * whether to send, and the repeat rule lives in one place.
 */
final class StreamChoice {
    /** The stream asked for, or null: the viewer takes what the camera sends (the main stream). */
    private VideoStream wanted;
    /** When the choice is sent again; never until it was sent once. */
    private long nextAt = Long.MAX_VALUE;

    void want(VideoStream stream) {
        wanted = stream;
    }

    /** The stream asked for, or null when the viewer never asked. */
    VideoStream wanted() {
        return wanted;
    }

    /** Sends the choice on {@code session} (if any, and if one was made) and sets the next repeat. */
    void send(SecureSession session, long now) {
        if (wanted != null && session != null && session.selectStream(wanted, now)) {
            nextAt = now + ViewerEndpoint.SELECTION_REFRESH_MILLIS;
        }
    }

    /** When the choice is due again (call only while live), or {@link Long#MAX_VALUE}. */
    long nextTimeout() {
        return wanted == null ? Long.MAX_VALUE : nextAt;
    }

    /** Repeats the choice if it is due (call only while live). */
    void handleTimeout(SecureSession session, long now) {
        if (now >= nextAt) {
            send(session, now);
        }
    }
}
