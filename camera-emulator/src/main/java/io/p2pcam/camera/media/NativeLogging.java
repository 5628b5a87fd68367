package io.p2pcam.camera.media;

import io.p2pcam.media.codec.FfmpegLog;
import org.slf4j.event.Level;

/**
 * Keeps FFmpeg and JavaCPP from chatting on standard error: their messages go through SLF4J, FFmpeg's
 * errors as warnings (an error that fails a source's call is said in that call's own one line
 * instead: {@link FfmpegLog#hear}), its warnings at DEBUG, nothing more verbose (not the stream
 * banner of every opened file or openh264's notices). Called once by a composition root before any
 * native code is used.
 */
public final class NativeLogging {
    private NativeLogging() {}

    public static void quiet() {
        System.setProperty("org.bytedeco.javacpp.logger", "slf4j");
        FfmpegLog.routeToSlf4j(Level.WARN);
    }
}
