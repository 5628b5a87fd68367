package io.p2pcam.camera.media;

import org.bytedeco.ffmpeg.global.avutil;

/**
 * Keeps FFmpeg and JavaCPP from chatting on standard error: FFmpeg logs errors only (not the
 * stream banner of every opened file or openh264's notices), JavaCPP's messages go through SLF4J.
 * Called once by a composition root before any native code is used.
 */
public final class NativeLogging {
    private NativeLogging() {}

    public static void quiet() {
        System.setProperty("org.bytedeco.javacpp.logger", "slf4j");
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }
}
