package io.p2pcam.protocol.endpoint;

import io.p2pcam.protocol.recovery.VideoReceiver;

/**
 * Whether the camera moved this viewer to the sub-stream it asked for on a fallback (decision
 * 0042). The camera answers a SELECT_STREAM with nothing (docs/PROTOCOL.md §10.9): a move shows as
 * a new video SSRC; a camera without a sub-stream refuses in silence, and the stream the viewer
 * had keeps coming. So: a new SSRC is a move; the old SSRC's packets still arriving {@value
 * #ANSWER_MILLIS} ms after the ask (the SELECT_STREAM repeated every second meanwhile) leave the ask
 * unanswered: refused, or every SELECT_STREAM lost on a path that loses much (which is why the
 * viewer asks); no packets at all is no answer yet. Sans I/O, looked at once a second; not
 * thread-safe.
 */
final class SubStreamAnswer {
    /** How long the old stream may go on coming after the ask before it counts as a refusal. */
    static final long ANSWER_MILLIS = 5_000;

    enum Verdict {
        /** Neither yet: the ask is young, or nothing arrives. */
        WAITING,
        /** A new SSRC: the sub-stream arrives. */
        MOVED,
        /**
         * The stream the viewer had still comes: the camera has no sub-stream, or heard none of the
         * SELECT_STREAMs. One such answer is no proof: {@link StreamChoice} asks again.
         */
        UNANSWERED
    }

    private long askedAt;
    private long ssrc;
    private long streamPackets;

    /** The viewer asks for the sub-stream now, while {@code video} comes. */
    void asked(VideoReceiver.Progress video, long now) {
        askedAt = now;
        ssrc = video.ssrc();
        streamPackets = video.streamPackets();
    }

    /** What the video since the last look says about the ask. */
    Verdict look(VideoReceiver.Progress video, long now) {
        if (video.ssrc() != ssrc) {
            return Verdict.MOVED;
        }
        boolean oldStreamCame = video.streamPackets() > streamPackets;
        streamPackets = video.streamPackets();
        return oldStreamCame && now - askedAt >= ANSWER_MILLIS ? Verdict.UNANSWERED : Verdict.WAITING;
    }
}
