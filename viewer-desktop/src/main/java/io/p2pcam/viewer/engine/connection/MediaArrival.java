package io.p2pcam.viewer.engine.connection;

import io.p2pcam.protocol.recovery.VideoReceiver;

/**
 * When a connection's media first arrived, and when its video last came under a new SSRC (the
 * camera switched between its main and sub-stream, docs/PROTOCOL.md §10.9), stamped in the network
 * turn that received the packet: before its access unit goes to the decoder, whose thread might
 * otherwise show the picture before the stamp is taken. Written by the network thread, read by any.
 */
final class MediaArrival {
    private long videoSsrc; // network thread
    private volatile long firstMediaNanos;
    private volatile long streamChangedNanos;

    /** Network thread, each turn: the video's progress after the turn's datagram. */
    void turn(VideoReceiver.Progress progress, long nowNanos) {
        long ssrc = progress.ssrc();
        if (ssrc != videoSsrc) {
            if (videoSsrc != 0) {
                streamChangedNanos = nowNanos;
            }
            videoSsrc = ssrc;
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
     * {@link System#nanoTime()} in the turn that received the first packet of a new video stream
     * (another SSRC), 0 before any.
     */
    long streamChangedNanos() {
        return streamChangedNanos;
    }
}
