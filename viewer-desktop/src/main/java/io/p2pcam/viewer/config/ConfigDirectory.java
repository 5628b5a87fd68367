package io.p2pcam.viewer.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where the viewer keeps its settings, by the platform's convention: {@code $XDG_CONFIG_HOME/p2pcam}
 * (default {@code ~/.config/p2pcam}) on Linux, {@code %APPDATA%\p2pcam} on Windows and
 * {@code ~/Library/Application Support/p2pcam} on macOS. {@code P2PCAM_CONFIG_DIR} or
 * {@code --config-dir} override it (the demo keeps its own).
 */
public final class ConfigDirectory {
    private static final String APP = "p2pcam";

    private ConfigDirectory() {}

    /** The directory for this machine's OS, user home and environment. */
    public static Path resolve(String osName, Path home, Map<String, String> env) {
        String override = env.get("P2PCAM_CONFIG_DIR");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            String appData = env.get("APPDATA");
            Path base = appData != null && !appData.isBlank()
                    ? Path.of(appData)
                    : home.resolve("AppData").resolve("Roaming");
            return base.resolve(APP);
        }
        if (os.startsWith("mac")) {
            return home.resolve("Library").resolve("Application Support").resolve(APP);
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        // The XDG spec says a relative value is invalid and must be ignored.
        Path base = xdg != null && Path.of(xdg).isAbsolute() ? Path.of(xdg) : home.resolve(".config");
        return base.resolve(APP);
    }

    /** The directory for the running JVM. */
    public static Path forThisUser() {
        return resolve(System.getProperty("os.name", ""), Path.of(System.getProperty("user.home")), System.getenv());
    }
}
