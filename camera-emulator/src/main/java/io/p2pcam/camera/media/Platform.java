package io.p2pcam.camera.media;

import java.util.Locale;

/** The operating systems with a known FFmpeg capture input format. */
enum Platform {
    LINUX("v4l2", "/dev/video0"),
    WINDOWS("dshow", null),
    MACOS("avfoundation", "0"),
    OTHER(null, null);

    /** FFmpeg's input format (libavdevice) for cameras, or null. */
    final String inputFormat;
    /** The device used when none is named, or null if one must be named. */
    final String defaultDevice;

    Platform(String inputFormat, String defaultDevice) {
        this.inputFormat = inputFormat;
        this.defaultDevice = defaultDevice;
    }

    static Platform current() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("linux")) {
            return LINUX;
        }
        if (os.contains("windows")) {
            return WINDOWS;
        }
        if (os.contains("mac") || os.contains("darwin")) {
            return MACOS;
        }
        return OTHER;
    }
}
