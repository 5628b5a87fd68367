package io.p2pcam.media.codec;

import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.nio.charset.StandardCharsets;

/** FFmpeg's negative error codes in words. Stateless and thread-safe. */
public final class AvErrors {

    private static final int MESSAGE_CAPACITY = 128;

    private AvErrors() {}

    /** The message FFmpeg has for {@code code}, with the code itself. */
    public static String describe(int code) {
        byte[] buffer = new byte[MESSAGE_CAPACITY];
        if (av_strerror(code, buffer, buffer.length) < 0) {
            return "FFmpeg error " + code;
        }
        int length = 0;
        while (length < buffer.length && buffer[length] != 0) {
            length++;
        }
        return new String(buffer, 0, length, StandardCharsets.UTF_8) + " (" + code + ")";
    }
}
