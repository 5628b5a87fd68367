package io.p2pcam.viewer.engine.record;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where recordings and snapshots go by default: a {@code p2pcam} folder inside the user's videos
 * and pictures folders. Those are found as {@code xdg-user-dir} finds them (freedesktop.org
 * xdg-user-dirs): the {@code XDG_VIDEOS_DIR} / {@code XDG_PICTURES_DIR} environment variable,
 * else the line in {@code $XDG_CONFIG_HOME/user-dirs.dirs} (default {@code ~/.config}), else
 * {@code ~/Videos} and {@code ~/Pictures}. A folder set to the home folder itself means
 * "disabled" in that file, so the default is used instead.
 *
 * @param videos the folder for MP4 recordings
 * @param pictures the folder for PNG snapshots
 */
public record CaptureDirectories(Path videos, Path pictures) {

    private static final String APP_FOLDER = "p2pcam";

    /** The folders for this user, from {@code user.home} and the process environment. */
    public static CaptureDirectories forCurrentUser() {
        return resolve(Path.of(System.getProperty("user.home")), System.getenv());
    }

    /** The folders for a user whose home is {@code home}, given an environment. */
    public static CaptureDirectories resolve(Path home, Map<String, String> environment) {
        Path configHome = Optional.ofNullable(environment.get("XDG_CONFIG_HOME"))
                .filter(value -> !value.isBlank())
                .map(Path::of)
                .orElse(home.resolve(".config"));
        List<String> lines = readLines(configHome.resolve("user-dirs.dirs"));
        Path videos = userDir("XDG_VIDEOS_DIR", home, environment, lines).orElse(home.resolve("Videos"));
        Path pictures = userDir("XDG_PICTURES_DIR", home, environment, lines).orElse(home.resolve("Pictures"));
        return new CaptureDirectories(videos.resolve(APP_FOLDER), pictures.resolve(APP_FOLDER));
    }

    private static Optional<Path> userDir(String name, Path home, Map<String, String> environment, List<String> lines) {
        Optional<String> value = Optional.ofNullable(environment.get(name)).or(() -> fromFile(name, lines));
        return value.filter(v -> !v.isBlank())
                .map(v -> expandHome(v, home))
                .filter(path -> path.isAbsolute() && !path.equals(home));
    }

    /** The value of {@code NAME="…"} in user-dirs.dirs, the last line that sets it winning. */
    private static Optional<String> fromFile(String name, List<String> lines) {
        String value = null;
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.startsWith(name + "=")) {
                String quoted = trimmed.substring(name.length() + 1);
                if (quoted.length() >= 2 && quoted.startsWith("\"") && quoted.endsWith("\"")) {
                    value = quoted.substring(1, quoted.length() - 1);
                }
            }
        }
        return Optional.ofNullable(value);
    }

    /** The file allows only {@code $HOME/…} or an absolute path. */
    private static Path expandHome(String value, Path home) {
        if (value.equals("$HOME")) {
            return home;
        }
        if (value.startsWith("$HOME/")) {
            return home.resolve(value.substring("$HOME/".length()));
        }
        return Path.of(value);
    }

    private static List<String> readLines(Path file) {
        if (!Files.isReadable(file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            // An unreadable settings file is no reason to refuse a snapshot: use the defaults.
            return List.of();
        }
    }
}
