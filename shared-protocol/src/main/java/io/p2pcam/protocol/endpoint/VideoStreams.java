package io.p2pcam.protocol.endpoint;

import io.p2pcam.protocol.media.KeyframeJoin;
import io.p2pcam.protocol.media.OutgoingRtp;
import io.p2pcam.protocol.recovery.SendHistory;
import io.p2pcam.protocol.session.VideoStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The camera's video streams, main and (when it has one) sub (docs/PROTOCOL.md §10.9), sans I/O:
 * each has its own send history for NACKs and its own keyframe join points, and each is
 * <em>watched</em> while at least one admitted viewer has it selected. {@link #demand} reports
 * the changes, so that the camera runs an encoder only while someone watches its stream.
 *
 * <p>Not thread-safe: the camera endpoint's thread drives it.
 */
final class VideoStreams {
    private final boolean hasSub;
    private final SendHistory mainHistory;
    private final SendHistory subHistory;
    private final KeyframeJoin mainJoin = new KeyframeJoin();
    private final KeyframeJoin subJoin = new KeyframeJoin();
    private boolean mainWatched;
    private boolean subWatched;

    VideoStreams(boolean hasSub, int historyPackets) {
        this.hasSub = hasSub;
        this.mainHistory = new SendHistory(historyPackets);
        this.subHistory = new SendHistory(historyPackets);
    }

    /** Whether a viewer may select {@code stream}: main always, sub when the camera has one. */
    boolean offers(VideoStream stream) {
        return stream == VideoStream.MAIN || stream == VideoStream.SUB && hasSub;
    }

    SendHistory history(VideoStream stream) {
        return stream == VideoStream.SUB ? subHistory : mainHistory;
    }

    /** Keeps an outgoing packet of {@code stream} for NACKs; returns whether a viewer may start at it. */
    boolean sent(VideoStream stream, OutgoingRtp rtp) {
        history(stream).add(rtp);
        return (stream == VideoStream.SUB ? subJoin : mainJoin).opensKeyframe(rtp);
    }

    /** Whether someone watches {@code stream} as last reported by {@link #demand}. */
    boolean watched(VideoStream stream) {
        return stream == VideoStream.SUB ? subWatched : mainWatched;
    }

    /**
     * Counts who watches what among {@code viewers} and returns the streams whose state changed:
     * watched from the first viewer on, unwatched after the last left or switched away.
     */
    List<CameraEvent.StreamDemand> demand(Collection<ViewerSession> viewers) {
        boolean main = false;
        boolean sub = false;
        for (ViewerSession viewer : viewers) {
            main |= viewer.stream() == VideoStream.MAIN;
            sub |= viewer.stream() == VideoStream.SUB;
        }
        List<CameraEvent.StreamDemand> changes = new ArrayList<>(2);
        if (main != mainWatched) {
            mainWatched = main;
            changes.add(new CameraEvent.StreamDemand(VideoStream.MAIN, main));
        }
        if (sub != subWatched) {
            subWatched = sub;
            changes.add(new CameraEvent.StreamDemand(VideoStream.SUB, sub));
        }
        return changes;
    }
}
