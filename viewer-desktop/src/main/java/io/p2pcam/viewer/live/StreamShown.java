package io.p2pcam.viewer.live;

import io.p2pcam.protocol.endpoint.AnnouncedStreams;
import io.p2pcam.protocol.session.VideoStream;

/**
 * Which of the camera's streams a tile shows, and why, in the words of the tile's info (its figures
 * and its chip's tooltip), e.g. "main stream: the camera has no sub-stream". NVR clients say this
 * quietly in a tile's details rather than as a notice: a small tile showing the main stream shrunk
 * is not a fault, only worth knowing when the tile costs more decoding than its neighbours or looks
 * sharper than them. The fallback's own notice (decision 0042) stays on the tile; this line only
 * names the stream with it. Pure.
 */
final class StreamShown {
    private StreamShown() {}

    /**
     * @param chosen the stream the tile's size chose (docs/PROTOCOL.md §10.9), null before a size
     * @param asked what the viewer's SELECT_STREAMs ask for now (the sub-stream while a fallback
     *     asks for it; the main stream for a sub-stream chosen of a camera that listed none), null
     *     before any
     * @param listed the streams the camera's welcome listed (decision 0044)
     * @param onFallback whether the sub-stream arrived in place of the main stream (the fallback's hold)
     * @return the line, or empty while nothing was chosen
     */
    static String describe(VideoStream chosen, VideoStream asked, AnnouncedStreams listed, boolean onFallback) {
        if (chosen == null || asked == null) {
            return "";
        }
        if (chosen == VideoStream.MAIN) {
            if (onFallback) {
                return "sub-stream: the path drops the main stream";
            }
            return asked == VideoStream.SUB
                    ? "main stream: falling back to the sub-stream (the path drops the main stream)"
                    : "main stream";
        }
        if (asked == VideoStream.MAIN) {
            return "main stream: the camera has no sub-stream";
        }
        return listed.listed() ? "sub-stream" : "sub-stream asked for (the camera does not list its streams)";
    }
}
