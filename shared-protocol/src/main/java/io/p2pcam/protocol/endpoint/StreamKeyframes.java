package io.p2pcam.protocol.endpoint;

import io.p2pcam.protocol.session.VideoStream;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Queue;

/**
 * The camera's asks to its encoders for keyframes (docs/PROTOCOL.md §10.6), sans I/O: each stream's
 * asks coalesced by its {@link ForcedKeyframes}, and passed to the application as {@link
 * CameraEvent.KeyframeRequested}. The viewers' asks arrive here once their own budgets let them
 * ({@link KeyframeAsks}); the camera's own (a path fixed with no keyframe held) go at once.
 *
 * <p>Not thread-safe: the camera endpoint's thread drives it; {@code events} is the endpoint's queue.
 */
final class StreamKeyframes {
    private final Map<VideoStream, ForcedKeyframes> streams = new EnumMap<>(VideoStream.class);
    private final Queue<CameraEvent> events;

    StreamKeyframes(Queue<CameraEvent> events) {
        this.events = events;
        for (VideoStream stream : VideoStream.values()) {
            streams.put(stream, new ForcedKeyframes());
        }
    }

    /** Viewer {@code session}, watching {@code stream}, asks for a keyframe (within its own budget). */
    void ask(int session, VideoStream stream, long now) {
        if (streams.get(stream).ask(session, now)) {
            events.add(new CameraEvent.KeyframeRequested(session, stream));
        }
    }

    /**
     * The camera's own ask for viewer {@code session}'s first keyframe (its path is fixed and no
     * keyframe was held for it): at once, and not counted as an ask (one per session and path, as
     * the admission's keyframe); its keyframe serves the viewers waiting like any other.
     */
    void ownAsk(int session, VideoStream stream) {
        events.add(new CameraEvent.KeyframeRequested(session, stream));
    }

    /** The first packet of a keyframe of {@code stream} went out: it serves the viewers waiting. */
    void keyframeSent(VideoStream stream) {
        streams.get(stream).keyframeSent();
    }

    /** Viewer {@code session} left its stream or the camera: its waiting ask is dropped. */
    void forget(int session) {
        streams.values().forEach(stream -> stream.forget(session));
    }

    /** Asks held back by the streams' spacing, all streams together (each served later). */
    long heldBack() {
        return streams.values().stream().mapToLong(ForcedKeyframes::heldBack).sum();
    }

    long nextTimeout() {
        long next = Long.MAX_VALUE;
        for (ForcedKeyframes stream : streams.values()) {
            next = Math.min(next, stream.nextTimeout());
        }
        return next;
    }

    /** Passes on each stream's waiting asks whose time came, as one ask per stream. */
    void handleTimeout(long now) {
        streams.forEach((stream, keyframes) -> {
            OptionalInt session = keyframes.due(now);
            if (session.isPresent()) {
                events.add(new CameraEvent.KeyframeRequested(session.getAsInt(), stream));
            }
        });
    }
}
