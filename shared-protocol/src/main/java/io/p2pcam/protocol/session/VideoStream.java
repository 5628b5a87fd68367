package io.p2pcam.protocol.session;

/**
 * Which of a camera's video streams a viewer watches (docs/PROTOCOL.md §10.9): the full-size main
 * stream or the smaller sub-stream NVR clients show in grids. The wire code is one byte.
 */
public enum VideoStream {
    /**
     * A code this version does not know (a newer viewer's stream): the camera keeps the viewer on
     * the stream it has. Never sent.
     */
    UNKNOWN(-1),
    MAIN(0),
    SUB(1);

    private final int code;

    VideoStream(int code) {
        this.code = code;
    }

    /** The byte on the wire. */
    public int code() {
        return code;
    }

    public static VideoStream fromCode(int code) {
        for (VideoStream stream : values()) {
            if (stream.code == code) {
                return stream;
            }
        }
        return UNKNOWN;
    }
}
