package io.p2pcam.protocol.endpoint;

import io.p2pcam.protocol.media.OutgoingRtp;
import io.p2pcam.protocol.recovery.SendHistory;
import io.p2pcam.protocol.recovery.SenderLink;
import io.p2pcam.protocol.rtcp.MalformedRtcpException;
import io.p2pcam.protocol.rtcp.RtcpCodec;
import io.p2pcam.protocol.session.SelectStream;
import io.p2pcam.protocol.session.VideoStream;
import java.util.Collection;
import java.util.Queue;

/**
 * The camera's media going out to its viewers (docs/PROTOCOL.md §10.2, §10.7, §10.9), sans I/O:
 * fans each video RTP packet out to the viewers that watch its stream (paced, kept for NACKs),
 * sends the sound to all, moves a viewer to the stream its SELECT_STREAM asks for, reports which
 * streams are watched, and takes the viewers' RTCP feedback on their video. One job, kept apart
 * from {@link CameraEndpoint} (which admits viewers and routes datagrams) so that the outgoing
 * media's rules live in one place.
 *
 * <p>Not thread-safe: the camera endpoint's thread drives it. {@code viewers} is the endpoint's live
 * view of its admitted viewers; {@code events} is the endpoint's event queue.
 */
final class StreamFanOut {
    private final VideoStreams streams;
    private final Collection<ViewerSession> viewers;
    private final Queue<CameraEvent> events;
    /** The asks for keyframes, coalesced per stream. */
    private final StreamKeyframes keyframes;

    private long droppedSelections;
    private long refusedSelections;
    /** Each stream's encoder bitrate, by {@link VideoStream#ordinal()}. */
    private final long[] bitrates = new long[VideoStream.values().length];

    private long droppedFeedback;

    StreamFanOut(boolean hasSub, int historyPackets, Collection<ViewerSession> viewers, Queue<CameraEvent> events) {
        this.streams = new VideoStreams(hasSub, historyPackets);
        this.viewers = viewers;
        this.events = events;
        this.keyframes = new StreamKeyframes(events);
    }

    /** Sends one RTP packet of {@code stream} to every viewer that watches it, and keeps it for NACKs. */
    void send(VideoStream stream, OutgoingRtp rtp, long now) {
        if (!streams.offers(stream)) {
            throw new IllegalArgumentException("this camera has no " + stream + " stream");
        }
        boolean joinable = streams.sent(stream, rtp);
        if (joinable) {
            keyframes.keyframeSent(stream);
        }
        for (ViewerSession viewer : viewers) {
            if (viewer.stream() == stream) {
                viewer.sendMedia(rtp, joinable, now);
            }
        }
    }

    /** Sends one audio RTP packet to every viewer at once: not paced, not kept for NACKs. */
    void sendAudio(byte[] rtp, long now) {
        for (ViewerSession viewer : viewers) {
            viewer.sendAudio(rtp, now);
        }
    }

    /** Sends an RTCP compound about the audio stream to every viewer. */
    void sendAudioReport(byte[] rtcp, long now) {
        for (ViewerSession viewer : viewers) {
            viewer.sendAudioReport(rtcp, now);
        }
    }

    /**
     * {@code stream}'s encoder bitrate, which the pacer of every viewer watching it follows (0 =
     * unpaced), and of every viewer that moves to it later. Each stream has its own: a sub-stream
     * viewer paced at the main stream's rate would be held back when rate control lowered the main
     * stream, and allowed bursts far beyond its stream when it did not.
     */
    void setMediaBitrate(VideoStream stream, long bitsPerSecond) {
        bitrates[stream.ordinal()] = bitsPerSecond;
        for (ViewerSession viewer : viewers) {
            if (viewer.stream() == stream) {
                viewer.video().setMediaBitrate(bitsPerSecond);
            }
        }
    }

    /** The bitrate a newly admitted viewer's pacer starts at: the main stream's, which it starts on. */
    long mediaBitrate() {
        return bitrates[VideoStream.MAIN.ordinal()];
    }

    /** The send history a newly admitted viewer starts on: the main stream's. */
    SendHistory mainHistory() {
        return streams.history(VideoStream.MAIN);
    }

    /** Whether at least one viewer watches {@code stream}. */
    boolean watched(VideoStream stream) {
        return streams.watched(stream);
    }

    long droppedSelections() {
        return droppedSelections;
    }

    long refusedSelections() {
        return refusedSelections;
    }

    long droppedFeedback() {
        return droppedFeedback;
    }

    /** A viewer's RTCP about its video: NACKs resent, keyframe requests and link quality reported. */
    void onFeedback(ViewerSession viewer, byte[] rtcp, long now) {
        SenderLink link = viewer.video();
        try {
            link.receiveRtcp(RtcpCodec.decode(rtcp), now);
        } catch (MalformedRtcpException e) {
            droppedFeedback++; // authentic but malformed: the viewer's bug, nothing to answer
            return;
        }
        if (link.takeKeyframeRequest()) {
            viewer.askKeyframe(now);
        }
        SenderLink.Quality quality;
        while ((quality = link.pollQuality()) != null) {
            events.add(new CameraEvent.LinkReport(viewer.id(), viewer.stream(), quality));
        }
        viewer.flush(now);
    }

    /**
     * A viewer's SELECT_STREAM (docs/PROTOCOL.md §10.9): it moves to the stream it asked for and
     * starts it at a keyframe, asked for now (within the viewer's budget, {@link KeyframeAsks}). Asking for the stream it has changes nothing (viewers
     * repeat their choice); a stream this camera does not have leaves it where it is.
     */
    void onSelection(ViewerSession viewer, byte[] body, long now) {
        VideoStream wanted;
        try {
            wanted = SelectStream.decode(body).stream();
        } catch (SelectStream.MalformedSelectStreamException e) {
            droppedSelections++;
            return;
        }
        if (!streams.offers(wanted)) {
            refusedSelections++;
            return;
        }
        if (wanted == viewer.stream()) {
            return;
        }
        viewer.switchTo(wanted, streams.history(wanted), bitrates[wanted.ordinal()]);
        viewer.askKeyframe(now); // of the new stream, within the viewer's budget of keyframes
        reportDemand();
    }

    /** Where the viewers' asks for keyframes go (each viewer's session is given it). */
    StreamKeyframes keyframes() {
        return keyframes;
    }

    /** When the next coalesced keyframe ask is due, or {@link Long#MAX_VALUE}. */
    long nextTimeout() {
        return keyframes.nextTimeout();
    }

    /** Passes on the coalesced keyframe asks whose time came. */
    void handleTimeout(long now) {
        keyframes.handleTimeout(now);
    }

    /** A viewer left the camera: it waits for no keyframe, and its stream may have lost its last viewer. */
    void viewerLeft(ViewerSession viewer) {
        keyframes.forget(viewer.id());
        reportDemand();
    }

    /** Tells the application which streams gained their first viewer or lost their last. */
    void reportDemand() {
        events.addAll(streams.demand(viewers));
    }
}
