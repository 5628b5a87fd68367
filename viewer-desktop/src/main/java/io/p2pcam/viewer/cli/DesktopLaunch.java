package io.p2pcam.viewer.cli;

import io.p2pcam.viewer.app.LaunchOptions;
import io.p2pcam.viewer.app.StartupTimeline;
import io.p2pcam.viewer.app.ViewerApp;
import io.p2pcam.viewer.config.CameraEntry;
import io.p2pcam.viewer.config.ConfigDirectory;
import io.p2pcam.viewer.engine.decode.HwAccel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Opens the desktop app with options already checked: what {@link ViewerCommand} does once picocli
 * has parsed the command line, and what {@link ViewerMain} does directly for a launch with no
 * options at all (the menu entry's), which then does not load picocli (issue 16 §2). It refers to
 * no picocli class, so that loading it does not load picocli either.
 *
 * @param configDirectory {@code --config-dir}, or null for the user's config directory
 * @param clouds {@code --cloud}
 * @param camera {@code --add-camera} with its name and password
 * @param hwaccel {@code --hwaccel} when given, else empty (the saved setting applies)
 * @param startupCheck {@code --startup-check}
 */
record DesktopLaunch(
        Path configDirectory,
        List<String> clouds,
        Optional<CameraEntry> camera,
        Optional<HwAccel> hwaccel,
        boolean startupCheck) {
    /** Exit code when the window could not be opened or the settings not read. */
    static final int FAILED = 1;

    DesktopLaunch {
        clouds = List.copyOf(clouds);
    }

    /**
     * The launch these arguments ask for when they need no parsing: none at all (the menu entry,
     * {@code ./p2pcam viewer}), or {@code --startup-check} alone (its timing, and the training
     * launch of the start-up cache, then take the same path). Anything else goes through picocli.
     */
    static Optional<DesktopLaunch> withoutOptions(List<String> args) {
        if (args.isEmpty()) {
            return Optional.of(defaults(false));
        }
        if (args.equals(List.of("--startup-check"))) {
            return Optional.of(defaults(true));
        }
        return Optional.empty();
    }

    private static DesktopLaunch defaults(boolean startupCheck) {
        return new DesktopLaunch(null, List.of(), Optional.empty(), Optional.empty(), startupCheck);
    }

    /** Runs the app until its window closes (or the start-up check ends); returns the exit code. */
    int run(PrintWriter out, PrintWriter err) {
        StartupTimeline.mark("command line");
        try {
            if (startupCheck) {
                return startupCheck(out, err);
            }
            Path directory = configDirectory != null ? configDirectory : ConfigDirectory.forThisUser();
            ViewerApp.launch(new LaunchOptions(directory, clouds, camera).withHwaccel(hwaccel));
        } catch (IOException e) {
            err.println("p2pcam-viewer: " + e.getMessage());
            return FAILED;
        } catch (UnsupportedOperationException | IllegalStateException e) {
            err.println("p2pcam-viewer: cannot open a window: " + e.getMessage()
                    + " (no display? set DISPLAY, or use 'probe' on a terminal)");
            return FAILED;
        }
        return 0;
    }

    /** {@code --startup-check}: one launch that closes itself, timed; a temporary config unless one is given. */
    private int startupCheck(PrintWriter out, PrintWriter err) throws IOException {
        Path directory = configDirectory != null ? configDirectory : Files.createTempDirectory("p2pcam-startup-");
        try {
            long shown = ViewerApp.launchOnce(new LaunchOptions(directory, clouds, camera).withHwaccel(hwaccel));
            if (shown < 0) {
                err.println("p2pcam-viewer: the window did not show");
                return FAILED;
            }
            out.println("window shown " + shown + " ms after the process started (" + StartupTimeline.summary() + "), "
                    + StartupTimeline.cpuMillis() + " ms of CPU by then");
            return 0;
        } finally {
            if (configDirectory == null) {
                deleteTree(directory);
            }
        }
    }

    private static void deleteTree(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
