package io.p2pcam.protocol.session;

/**
 * One of the video streams a camera lists in its CameraWelcome (docs/PROTOCOL.md §10.1, decision
 * 0044), as an NVR's profile list (ONVIF GetProfiles) does: which stream, the size of its pictures
 * and its frame rate. A viewer learns from the list whether the camera has a sub-stream at all,
 * and knows it by its size when it arrives (§10.9).
 */
public record StreamOffer(VideoStream stream, int width, int height, int fps) {
    /** Bytes of one entry on the wire: stream (1), width (2), height (2), frames per second (1). */
    static final int BYTES = 6;

    public StreamOffer {
        if (stream == VideoStream.UNKNOWN) {
            throw new IllegalArgumentException("a camera lists MAIN or SUB");
        }
        if (width <= 0 || width > 0xffff || height <= 0 || height > 0xffff || fps < 0 || fps > 0xff) {
            throw new IllegalArgumentException("size 1..65535 x 1..65535, 0..255 frames per second");
        }
    }
}
