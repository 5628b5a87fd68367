package io.p2pcam.media.codec;

import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** FFmpeg's negative error codes in words. Stateless and thread-safe. */
public final class AvErrors {

    private static final int MESSAGE_CAPACITY = 128;

    private AvErrors() {}

    /** JavaCV's wording of a failed FFmpeg call: {@code avformat_open_input() error -2: Could not open …}. */
    private static final Pattern JAVACV_CALL_FAILED = Pattern.compile("^\\w+\\(\\) error (-?\\d+)");

    /** The hints JavaCV appends for programmers, which mean nothing to a user. */
    private static final List<String> JAVACV_HINTS = List.of(
            " (Has setFormat() been called?)",
            " (For more details, make sure FFmpegLogCallback.set() has been called.)");

    /** The message FFmpeg has for {@code code}, with the code itself. */
    public static String describe(int code) {
        String words = words(code);
        return words == null ? "FFmpeg error " + code : words + " (" + code + ")";
    }

    /**
     * What a JavaCV grabber's or recorder's exception says, for a user: FFmpeg's words for the
     * error code it carries ("Invalid data found when processing input"), without JavaCV's hints to
     * programmers and the function's name; any other message as it is.
     */
    public static String inWords(Exception e) {
        String message = String.valueOf(e.getMessage());
        Matcher failed = JAVACV_CALL_FAILED.matcher(message);
        if (failed.find()) {
            String words = words(Integer.parseInt(failed.group(1)));
            if (words != null) {
                return words;
            }
        }
        for (String hint : JAVACV_HINTS) {
            message = message.replace(hint, "");
        }
        return message.strip();
    }

    /**
     * {@link #inWords(Exception)}, then what FFmpeg said meanwhile in brackets ("Invalid data found
     * when processing input (moov atom not found)"); only what it said when that already holds the
     * words ("ioctl(VIDIOC_QUERYCAP): Inappropriate ioctl for device").
     */
    public static String inWords(Exception e, FfmpegLog.Hearing ffmpeg) {
        String words = inWords(e);
        String said = ffmpeg.said();
        if (said.isEmpty()) {
            return words;
        }
        return said.contains(words) ? said : words + " (" + said + ")";
    }

    private static String words(int code) {
        byte[] buffer = new byte[MESSAGE_CAPACITY];
        if (av_strerror(code, buffer, buffer.length) < 0) {
            return null;
        }
        int length = 0;
        while (length < buffer.length && buffer[length] != 0) {
            length++;
        }
        return new String(buffer, 0, length, StandardCharsets.UTF_8);
    }
}
