package io.p2pcam.viewer.engine.connection;

import java.util.List;

/** ffmpeg arguments the plain-RTP interop tests share: H.264 as a camera streams it. */
public final class FfmpegRtpArguments {
    private FfmpegRtpArguments() {}

    /** x264 as a camera streams it (baseline, no B-frames, a keyframe a second) over plain RTP to the port. */
    public static List<String> h264RtpTo(int port) {
        return List.of(
                "-c:v",
                "libx264",
                "-profile:v",
                "baseline",
                "-tune",
                "zerolatency",
                "-g",
                "30",
                "-bf",
                "0",
                "-pix_fmt",
                "yuv420p",
                "-f",
                "rtp",
                "rtp://127.0.0.1:" + port);
    }
}
