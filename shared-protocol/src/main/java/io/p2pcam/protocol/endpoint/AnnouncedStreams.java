package io.p2pcam.protocol.endpoint;

import io.p2pcam.protocol.media.PictureSize;
import io.p2pcam.protocol.session.SessionHello.CameraWelcome;
import io.p2pcam.protocol.session.VideoStream;

/**
 * What a viewer knows of a camera's streams from its welcome (docs/PROTOCOL.md §10.1, §10.9,
 * decision 0044): whether the camera listed them at all (cameras older than the list do not), and
 * if so whether it has a sub-stream and its size. RTP names no stream and the camera answers a
 * SELECT_STREAM with nothing, so a new SSRC is told apart by its pictures' size: at the listed
 * sub-stream's size it is the sub-stream, at any other the main stream (a camera may reopen its
 * main encoder under a new SSRC, even at another size). Immutable.
 */
public record AnnouncedStreams(boolean listed, PictureSize sub) {
    /** A camera that listed nothing: the viewer guesses as before the list (§10.9). */
    public static final AnnouncedStreams NOT_LISTED = new AnnouncedStreams(false, PictureSize.UNKNOWN);

    /** What {@code welcome} lists. */
    public static AnnouncedStreams of(CameraWelcome welcome) {
        if (welcome.streams().isEmpty()) {
            return NOT_LISTED;
        }
        PictureSize sub = welcome.streams().stream()
                .filter(offer -> offer.stream() == VideoStream.SUB)
                .map(offer -> new PictureSize(offer.width(), offer.height()))
                .findFirst()
                .orElse(PictureSize.UNKNOWN);
        return new AnnouncedStreams(true, sub);
    }

    /** Whether the camera listed a sub-stream; false also when it listed nothing. */
    public boolean hasSub() {
        return sub.known();
    }

    /** Whether the camera listed its streams and no sub-stream among them: asking for one is pointless. */
    public boolean listedNoSub() {
        return listed && !hasSub();
    }

    /**
     * Which stream pictures of {@code size} belong to, by the list: {@link VideoStream#SUB} at the
     * sub-stream's size, {@link VideoStream#MAIN} at any other; {@link VideoStream#UNKNOWN} when the
     * size is not known yet or the camera listed nothing (only a guess could tell).
     */
    public VideoStream streamOf(PictureSize size) {
        if (!listed || !size.known()) {
            return VideoStream.UNKNOWN;
        }
        return size.equals(sub) ? VideoStream.SUB : VideoStream.MAIN;
    }

    @Override
    public String toString() {
        return !listed ? "not listed" : hasSub() ? "main and sub " + sub.width() + "x" + sub.height() : "main only";
    }
}
