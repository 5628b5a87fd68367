package io.p2pcam.viewer.engine.decode;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_FATAL;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_WARNING;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.setLogCallback;

import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.javacpp.BytePointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends FFmpeg's own log lines (normally printed on stderr) to the SLF4J logger {@code ffmpeg}.
 * Decoder complaints about corrupt data are expected on a lossy network and already counted by
 * {@link FramePipeline}, so they go to DEBUG; only FFmpeg's fatal messages are errors.
 *
 * <p>FFmpeg's log callback is process-wide: call {@link #routeToSlf4j()} once from the
 * composition root (calling again is harmless). The callback may run on FFmpeg's worker threads.
 */
public final class FfmpegLogging {

    private static final Logger log = LoggerFactory.getLogger("ffmpeg");
    /** Held here so that the native side's function pointer stays valid. */
    private static LogCallback callback;

    private FfmpegLogging() {}

    /** Routes FFmpeg's messages up to warnings to SLF4J; more verbose ones are not produced. */
    public static synchronized void routeToSlf4j() {
        if (callback != null) {
            return;
        }
        callback = new Slf4jCallback();
        av_log_set_level(AV_LOG_WARNING);
        setLogCallback(callback);
    }

    private static final class Slf4jCallback extends LogCallback {
        @Override
        public void call(int level, BytePointer message) {
            if (level <= AV_LOG_FATAL) {
                log.error("{}", message.getString().strip());
            } else if (log.isDebugEnabled()) {
                log.debug("{}", message.getString().strip());
            }
        }
    }
}
