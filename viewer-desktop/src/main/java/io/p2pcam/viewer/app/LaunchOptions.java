package io.p2pcam.viewer.app;

import io.p2pcam.viewer.config.CameraEntry;
import io.p2pcam.viewer.engine.decode.HwAccel;
import io.p2pcam.viewer.engine.record.CaptureDirectories;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the command line asks of the desktop app: where its settings live, clouds to use instead
 * of the saved ones, and a camera to put in the list (the demo's).
 *
 * @param configDirectory the settings directory
 * @param clouds HOST[:PORT] entries replacing the saved servers for this run and after; empty keeps them
 * @param camera a camera to add (or update) before the window opens
 * @param captures where snapshots and recordings go
 * @param hwaccel hardware decoding for this run ({@code --hwaccel}), instead of the saved setting; empty keeps it
 */
public record LaunchOptions(
        Path configDirectory,
        List<String> clouds,
        Optional<CameraEntry> camera,
        CaptureDirectories captures,
        Optional<HwAccel> hwaccel) {
    public LaunchOptions {
        clouds = List.copyOf(clouds);
    }

    /** Snapshots and recordings go to the user's Pictures and Videos folders; decoding as saved. */
    public LaunchOptions(Path configDirectory, List<String> clouds, Optional<CameraEntry> camera) {
        this(configDirectory, clouds, camera, CaptureDirectories.forCurrentUser(), Optional.empty());
    }

    /** These options with hardware decoding for this run set to {@code choice} (empty: as saved). */
    public LaunchOptions withHwaccel(Optional<HwAccel> choice) {
        return new LaunchOptions(configDirectory, clouds, camera, captures, choice);
    }
}
