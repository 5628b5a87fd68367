package io.p2pcam.media.codec;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_FATAL;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_WARNING;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.setLogCallback;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.javacpp.BytePointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * FFmpeg's own log lines, which it would print on stderr with neither time nor context, sent to
 * the SLF4J logger {@code ffmpeg} instead; and what FFmpeg says while one call runs, so that the
 * call's failure can say it in its own one line ("Invalid data found when processing input (moov
 * atom not found)") rather than after FFmpeg's bare lines.
 *
 * <p>FFmpeg's log callback is process-wide: a composition root calls {@link #routeToSlf4j} once,
 * before FFmpeg's first message (calling again changes nothing). The callback may run on FFmpeg's
 * worker threads; a {@link Hearing} hears the thread that opened it only.
 */
public final class FfmpegLog {
    private static final Logger log = LoggerFactory.getLogger("ffmpeg");
    /** A failed call rarely says more than this that is worth a user's line. */
    private static final int MAX_HEARD = 3;
    /**
     * FFmpeg's prefix naming the object that logs, after its parent's if it has one: {@code [mov,mp4,m4a,3gp,3g2,mj2
     * @ 0x7f53f03fa040] }, {@code [h264 @ 0x7f519c95d900] [IMGUTILS @ 0x7f51a0ff2dc0] }.
     */
    private static final Pattern CONTEXT = Pattern.compile("^(\\[[^]]* @ 0x\\p{XDigit}+] )+");

    private static final ThreadLocal<Hearing> HEARING = new ThreadLocal<>();
    /** Held here so that the native side's function pointer stays valid. */
    private static LogCallback callback;

    private FfmpegLog() {}

    /**
     * Routes FFmpeg's warnings and errors to SLF4J, its errors at {@code errors} (DEBUG where they
     * are expected and counted elsewhere, like a decoder's on a lossy network), its fatal messages
     * at ERROR and its warnings at DEBUG; more verbose ones are not produced.
     */
    public static synchronized void routeToSlf4j(Level errors) {
        if (callback != null) {
            return;
        }
        callback = new Slf4jCallback(errors);
        av_log_set_level(AV_LOG_WARNING);
        setLogCallback(callback);
    }

    /**
     * Starts hearing what FFmpeg reports as errors on this thread (once {@link #routeToSlf4j} has
     * run), until closed. What it hears is the hearer's to report when the call fails (it is logged
     * at DEBUG only); a call that succeeds despite it was one FFmpeg recovered from.
     */
    public static Hearing hear() {
        Hearing hearing = new Hearing(HEARING.get());
        HEARING.set(hearing);
        return hearing;
    }

    /** FFmpeg's error messages on one thread while it is open. Used by that thread only. */
    public static final class Hearing implements AutoCloseable {
        private final Hearing outer;
        private final List<String> heard = new ArrayList<>();

        private Hearing(Hearing outer) {
            this.outer = outer;
        }

        /** What FFmpeg said, without its context prefix, {@code ; } between; empty when nothing. */
        public String said() {
            return String.join("; ", heard);
        }

        private void hear(String message) {
            String words = CONTEXT.matcher(message).replaceFirst("");
            if (!words.isEmpty() && heard.size() < MAX_HEARD && !heard.contains(words)) {
                heard.add(words);
            }
        }

        @Override
        public void close() {
            if (outer == null) {
                HEARING.remove();
            } else {
                HEARING.set(outer);
            }
        }
    }

    private static final class Slf4jCallback extends LogCallback {
        private final Level errors;

        Slf4jCallback(Level errors) {
            this.errors = errors;
        }

        @Override
        public void call(int level, BytePointer message) {
            String line = message.getString().strip();
            Hearing hearing = level <= AV_LOG_ERROR ? HEARING.get() : null;
            if (hearing != null) {
                hearing.hear(line);
            }
            Level as = hearing != null
                    ? Level.DEBUG
                    : level <= AV_LOG_FATAL ? Level.ERROR : level <= AV_LOG_ERROR ? errors : Level.DEBUG;
            if (log.isEnabledForLevel(as)) {
                log.atLevel(as).log(line);
            }
        }
    }
}
