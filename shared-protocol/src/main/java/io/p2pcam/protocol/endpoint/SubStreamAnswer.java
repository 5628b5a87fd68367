package io.p2pcam.protocol.endpoint;

import io.p2pcam.protocol.media.PictureSize;
import io.p2pcam.protocol.recovery.VideoReceiver;
import io.p2pcam.protocol.session.VideoStream;

/**
 * Whether the camera moved this viewer to the sub-stream it asked for on a fallback (decision
 * 0042). The camera answers a SELECT_STREAM with nothing (docs/PROTOCOL.md §10.9): a move shows as
 * a new video SSRC whose pictures are smaller than the main stream's (the sub-stream is the smaller
 * one; its SPS, in front of its first keyframe, says its size). Not any new SSRC: a camera may
 * restart its main stream's encoder under a new SSRC (a bitrate or resolution reopen), and that
 * stream, no smaller than the main stream was, is the main stream still. A camera without a
 * sub-stream refuses in silence, and the main stream keeps coming. So: a new, smaller stream is a
 * move; a new SSRC whose size is not known yet is no answer yet; the main stream (under its old SSRC
 * or a new one) still arriving {@value #ANSWER_MILLIS} ms after the ask (the SELECT_STREAM repeated
 * every second meanwhile) leaves the ask unanswered: refused, or every SELECT_STREAM lost on a path
 * that loses much (which is why the viewer asks); no packets at all is no answer yet. A camera that
 * lists its streams in its welcome (decision 0044) names the sub-stream's size: only a new stream
 * of that size is the move, any other is the main stream reopened. Sans I/O, looked at once a
 * second; not thread-safe.
 */
final class SubStreamAnswer {
    /** How long the main stream may go on coming after the ask before the ask counts as unanswered. */
    static final long ANSWER_MILLIS = 5_000;

    enum Verdict {
        /** Neither yet: the ask is young, nothing arrives, or a new stream has not said its size. */
        WAITING,
        /** A new, smaller stream: the sub-stream arrives. */
        MOVED,
        /**
         * The main stream still comes: the camera has no sub-stream, or heard none of the
         * SELECT_STREAMs. One such answer is no proof: {@link StreamChoice} asks again.
         */
        UNANSWERED
    }

    private long askedAt;
    /** The main stream's SSRC: the one at the ask, or the one its encoder restarted under since. */
    private long mainSsrc;
    /** The main stream's picture size, once known. */
    private PictureSize mainSize;

    private long streamPackets;
    /** A new SSRC whose size is not known yet, and since when it comes. */
    private long unsizedSsrc = -1;

    private long unsizedSince;

    /** The viewer asks for the sub-stream now, while {@code video} (the main stream) comes. */
    void asked(VideoReceiver.Progress video, long now) {
        askedAt = now;
        mainSsrc = video.ssrc();
        mainSize = video.size();
        streamPackets = video.streamPackets();
    }

    /** What the video since the last look says about the ask, of a camera that listed {@code streams}. */
    Verdict look(VideoReceiver.Progress video, AnnouncedStreams streams, long now) {
        PictureSize size = video.size();
        if (video.ssrc() == mainSsrc) {
            mainSize = mainSize.known() ? mainSize : size; // its first SPS may come only after the ask
        } else if (size.known()) {
            if (isTheSubStream(size, streams)) {
                return Verdict.MOVED;
            }
            mainSsrc = video.ssrc(); // the main stream again, its encoder restarted: still unanswered
            mainSize = size;
        } else if (waitForSize(video.ssrc(), now)) {
            streamPackets = video.streamPackets(); // which stream it is shows at its first keyframe
            return Verdict.WAITING;
        }
        boolean mainStreamCame = video.streamPackets() > streamPackets;
        streamPackets = video.streamPackets();
        return mainStreamCame && now - askedAt >= ANSWER_MILLIS ? Verdict.UNANSWERED : Verdict.WAITING;
    }

    /**
     * Whether a new stream of {@code size} is the sub-stream: at the size the camera listed for it,
     * or, of a camera that listed nothing, smaller than the main stream (or nothing to compare it
     * with). A guess only the list ends: a main stream reopened smaller reads as the move then.
     */
    private boolean isTheSubStream(PictureSize size, AnnouncedStreams streams) {
        if (streams.listed()) {
            return streams.streamOf(size) == VideoStream.SUB;
        }
        return !mainSize.known() || size.area() < mainSize.area();
    }

    /**
     * Whether to wait for the size of {@code ssrc}, a new stream: for {@value #ANSWER_MILLIS} ms
     * (its first keyframe, or the next one if that was lost, says it); a stream that never says is
     * no evidence of a move.
     */
    private boolean waitForSize(long ssrc, long now) {
        if (ssrc != unsizedSsrc) {
            unsizedSsrc = ssrc;
            unsizedSince = now;
        }
        return now - unsizedSince < ANSWER_MILLIS;
    }
}
