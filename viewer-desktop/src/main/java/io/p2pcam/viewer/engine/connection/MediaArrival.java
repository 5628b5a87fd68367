package io.p2pcam.viewer.engine.connection;

import io.p2pcam.protocol.endpoint.AnnouncedStreams;
import io.p2pcam.protocol.recovery.VideoReceiver;
import io.p2pcam.protocol.session.VideoStream;

/**
 * When a connection's media first arrived, and when its video last moved to the stream it asks for
 * (the camera switched between its main and sub-stream, docs/PROTOCOL.md §10.9), stamped in the
 * network turn that received the packet: before its access unit goes to the decoder, whose thread
 * might otherwise show the picture before the stamp is taken. Written by the network thread, read
 * by any.
 *
 * <p>Of a camera that lists its streams (decision 0044), a new video SSRC is the move once its
 * pictures' size says it is the stream asked for (its SPS, in front of its first keyframe): a main
 * stream reopened under a new SSRC while the sub-stream is asked for, or the stream left restarting,
 * is no switch. It is stamped at that SSRC's first packet. Of a camera that lists nothing, any new
 * SSRC is the move, as before the list.
 */
final class MediaArrival {
    private long videoSsrc; // network thread
    private AnnouncedStreams streams = AnnouncedStreams.NOT_LISTED; // network thread
    /** A new SSRC not yet known to be the stream asked for (0: none), and its first packet's turn. */
    private long newSsrc; // network thread

    private long newSsrcNanos; // network thread
    private volatile long firstMediaNanos;
    private volatile long streamChangedNanos;

    /** Network thread, once admitted: the streams the camera's welcome listed. */
    void listed(AnnouncedStreams streams) {
        this.streams = streams;
    }

    /**
     * Network thread, each turn: the video's progress after the turn's datagram, and the stream the
     * viewer asks for ({@code asked}, null: never chose, the main stream).
     */
    void turn(VideoReceiver.Progress progress, VideoStream asked, long nowNanos) {
        long ssrc = progress.ssrc();
        if (ssrc != videoSsrc) {
            if (videoSsrc != 0) {
                newSsrc = ssrc;
                newSsrcNanos = nowNanos;
            }
            videoSsrc = ssrc;
        }
        if (newSsrc != 0 && newSsrc == ssrc) {
            VideoStream stream = streams.streamOf(progress.size());
            if (!streams.listed() || stream == (asked == null ? VideoStream.MAIN : asked)) {
                streamChangedNanos = newSsrcNanos;
                newSsrc = 0;
            } else if (stream != VideoStream.UNKNOWN) {
                newSsrc = 0; // another stream than the one asked for: no switch
            }
        }
        if (firstMediaNanos == 0 && progress.packets() > 0) {
            firstMediaNanos = nowNanos;
        }
    }

    /** {@link System#nanoTime()} in the turn that received the first media packet, 0 before. */
    long firstMediaNanos() {
        return firstMediaNanos;
    }

    /**
     * {@link System#nanoTime()} in the turn that received the first packet of the stream moved to
     * (another SSRC; of a camera that lists its streams, the stream asked for), 0 before any.
     */
    long streamChangedNanos() {
        return streamChangedNanos;
    }
}
