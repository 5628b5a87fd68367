package io.p2pcam.camera.media;

import io.p2pcam.media.codec.AvErrors;
import io.p2pcam.media.codec.FfmpegLog;
import java.util.function.UnaryOperator;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/** Opens a source's FFmpeg grabber, or says in one line why it could not. Stateless. */
public final class GrabberStart {
    private GrabberStart() {}

    /**
     * Starts {@code grabber}; when it cannot start, runs {@code release} and throws the message
     * {@code failure} makes of FFmpeg's words for why, with what FFmpeg said meanwhile ("Invalid
     * data found when processing input (moov atom not found)"), which it no longer prints on stderr.
     */
    public static void start(FFmpegFrameGrabber grabber, UnaryOperator<String> failure, Runnable release)
            throws SourceException {
        try (FfmpegLog.Hearing ffmpeg = FfmpegLog.hear()) {
            try {
                grabber.start();
            } catch (FrameGrabber.Exception | RuntimeException e) {
                release.run();
                throw new SourceException(failure.apply(AvErrors.inWords(e, ffmpeg)), e);
            }
        }
    }
}
