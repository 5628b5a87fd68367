package io.p2pcam.camera.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Where a camera keeps its identity unless told otherwise: the platform's per-user data folder. */
final class StateDirectory {
    private StateDirectory() {}

    static Path defaultPath(Map<String, String> environment, String osName, String userHome) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("windows") && environment.get("LOCALAPPDATA") != null) {
            return Path.of(environment.get("LOCALAPPDATA"), "p2pcam", "camera");
        }
        if (os.contains("mac")) {
            return Path.of(userHome, "Library", "Application Support", "p2pcam", "camera");
        }
        String xdg = environment.get("XDG_DATA_HOME");
        Path data = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(userHome, ".local", "share");
        return data.resolve("p2pcam").resolve("camera");
    }

    /** Picocli default provider for {@code --state-dir}. */
    static final class Default implements picocli.CommandLine.IDefaultValueProvider {
        @Override
        public String defaultValue(picocli.CommandLine.Model.ArgSpec argument) {
            if (argument instanceof picocli.CommandLine.Model.OptionSpec option
                    && option.longestName().equals("--state-dir")) {
                String configured = System.getenv("P2PCAM_STATE_DIR");
                return configured != null && !configured.isBlank()
                        ? configured
                        : defaultPath(
                                        System.getenv(),
                                        System.getProperty("os.name", ""),
                                        System.getProperty("user.home"))
                                .toString();
            }
            return null;
        }
    }
}
