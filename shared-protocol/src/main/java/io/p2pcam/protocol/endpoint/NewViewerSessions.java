package io.p2pcam.protocol.endpoint;

import io.p2pcam.protocol.pairing.PairingStore;
import io.p2pcam.protocol.session.VideoStream;
import java.util.Queue;

/**
 * Turns a camera's admission of a viewer into that viewer's {@link ViewerSession}, with what the
 * session starts with: the name the viewer gave itself (told to a viewer refused the talk floor,
 * docs/PROTOCOL.md §10.7), its key's budget of keyframe asks (kept across its sessions, §10.6), its first keyframe asked for at once if the installation's budget allows
 * ({@link FirstKeyframes}, §10.5: encoded while the path is punched), and the owner's right to take
 * the talk floor over if its key is the camera's owner's (§10.1, §10.7).
 *
 * <p>Not thread-safe: the camera endpoint's thread drives it. {@code outgoing} is the endpoint's queue.
 */
final class NewViewerSessions {
    private final StreamFanOut fanOut;
    private final Queue<Outgoing> outgoing;
    private final PairingStore pairings;
    private final FirstKeyframes firstKeyframes = new FirstKeyframes();
    /** Each viewer key's budget of keyframe asks, kept across its sessions (§10.6, decision 0071). */
    private final TokenBucketsPerKey keyframeBudgets =
            new TokenBucketsPerKey(KeyframeAsks.BURST, KeyframeAsks.REFILL_MILLIS, FirstKeyframes.MAX_KEYS);

    NewViewerSessions(StreamFanOut fanOut, Queue<Outgoing> outgoing, PairingStore pairings) {
        this.fanOut = fanOut;
        this.outgoing = outgoing;
        this.pairings = pairings;
    }

    /**
     * The session of an admitted viewer ({@code outcome.session()} not null), its first keyframe
     * asked for now when granted: call it before the pairing this admission made is reported, so the
     * encoder hears first (decision 0030).
     */
    ViewerSession open(ViewerAdmission.Outcome outcome, long now) {
        String name = outcome.event() instanceof CameraEvent.ViewerAdmitted admitted ? admitted.viewerName() : "";
        ViewerSession session = new ViewerSession(
                outcome.session(),
                outcome.viewerKey(),
                name,
                fanOut.mainHistory(),
                fanOut.mediaBitrate(),
                outgoing,
                fanOut.keyframes(),
                keyframeBudgets.of(outcome.viewerKey(), now),
                now);
        if (firstKeyframes.grant(outcome.viewerKey(), now)) {
            session.grantFirstKeyframe();
            fanOut.keyframes().ownAsk(session.id(), VideoStream.MAIN);
        }
        if (pairings.isOwner(outcome.viewerKey())) {
            session.markOwner();
        }
        return session;
    }
}
