package io.p2pcam.protocol.endpoint;

import io.p2pcam.protocol.session.SecureSession;
import io.p2pcam.protocol.session.SessionEvent;
import java.util.Map;
import java.util.Queue;

/**
 * The camera's receive path for one admitted viewer (docs/PROTOCOL.md §10): what the viewer's
 * secure session reports, turned into what the camera does (the first keyframe once the path is
 * fixed, keyframe asks, stream selection, feedback, talkback, the viewer leaving), and the
 * session's sealed packets moved to the camera's outgoing queue. Kept apart from {@link
 * CameraEndpoint}, which admits viewers and routes datagrams, so that neither grows past its job.
 *
 * <p>Not thread-safe: the camera endpoint's thread drives it. {@code viewers} is the endpoint's
 * map of admitted viewers (a viewer that leaves is removed from it here); {@code events} its
 * event queue.
 */
final class ViewerSessionEvents {
    private final Map<Integer, ViewerSession> viewers;
    private final StreamFanOut fanOut;
    private final TalkIn talk;
    private final Queue<CameraEvent> events;

    ViewerSessionEvents(
            Map<Integer, ViewerSession> viewers, StreamFanOut fanOut, TalkIn talk, Queue<CameraEvent> events) {
        this.viewers = viewers;
        this.fanOut = fanOut;
        this.talk = talk;
        this.events = events;
    }

    /** Acts on everything {@code viewer}'s session reported, then sends what it sealed. */
    void drain(ViewerSession viewer, long now) {
        SecureSession session = viewer.session();
        SessionEvent event;
        while ((event = session.pollEvent()) != null) {
            switch (event) {
                case SessionEvent.PathSelected path -> {
                    // The keyframe asked for at admission goes out first; without one, ask now.
                    if (!viewer.pathReady(now)) {
                        viewer.askFirstKeyframe();
                    }
                    events.add(new CameraEvent.ViewerLive(viewer.id(), path.kind()));
                }
                case SessionEvent.KeyframeRequested request -> viewer.askKeyframe(now);
                case SessionEvent.StreamSelection selection -> fanOut.onSelection(viewer, selection.body(), now);
                case SessionEvent.Feedback feedback -> fanOut.onFeedback(viewer, feedback.rtcp(), now);
                case SessionEvent.Closed closed -> {
                    viewers.remove(viewer.id());
                    talk.sessionEnded(viewer.id());
                    events.add(new CameraEvent.ViewerLeft(viewer.id(), closed.reason()));
                    fanOut.viewerLeft(viewer);
                }
                case SessionEvent.Media media -> talk.onTalk(viewer, media.rtp(), now);
                case SessionEvent.Retransmission retransmission -> talk.onRetransmission(); // talk is never resent
                case SessionEvent.PathChanged changed ->
                    events.add(new CameraEvent.ViewerLive(viewer.id(), changed.kind()));
            }
        }
        viewer.drainTransmits();
    }
}
