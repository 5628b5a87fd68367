package io.p2pcam.camera.media;

import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.nio.charset.StandardCharsets;

/** FFmpeg's negative return codes as {@link EncoderException}s with FFmpeg's own words. */
public final class FfmpegResults {
    private static final int MESSAGE_CAPACITY = 128;

    private FfmpegResults() {}

    /** Throws if {@code result} is an FFmpeg error: "{@code what}: FFmpeg's message". */
    public static void check(int result, String what) throws EncoderException {
        if (result < 0) {
            byte[] text = new byte[MESSAGE_CAPACITY];
            av_strerror(result, text, text.length);
            int length = 0;
            while (length < text.length && text[length] != 0) {
                length++;
            }
            throw new EncoderException(what + ": " + new String(text, 0, length, StandardCharsets.UTF_8));
        }
    }
}
