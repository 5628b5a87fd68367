package io.p2pcam.viewer.app;

import io.p2pcam.protocol.noise.KeyPair;
import io.p2pcam.viewer.cameras.CameraList;
import io.p2pcam.viewer.config.CloudChoice;
import io.p2pcam.viewer.config.CloudPassStore;
import io.p2pcam.viewer.config.ConfigStore;
import io.p2pcam.viewer.config.ViewerConfig;
import io.p2pcam.viewer.config.ViewerKeyStore;
import java.io.IOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the app reads from its settings directory before the window is built: the cameras and
 * settings (with the command line's changes applied and saved), the viewer's lasting key and the
 * cloud passes. None of it needs the UI toolkit, so a launch reads it while the toolkit starts.
 *
 * @param cameras the camera list and settings
 * @param viewerKey the viewer's lasting key, or null when it cannot be kept (cameras then ask for passwords)
 * @param passes the cloud passes cameras gave this viewer
 */
record StartupSettings(CameraList cameras, KeyPair viewerKey, CloudPassStore passes) {
    private static final Logger log = LoggerFactory.getLogger(StartupSettings.class);

    static StartupSettings load(LaunchOptions launch) {
        ConfigStore store = new ConfigStore(launch.configDirectory());
        boolean firstRun = !Files.exists(store.file());
        CameraList cameras = new CameraList(store);
        ViewerConfig config = cameras.config();
        if (!launch.clouds().isEmpty()) {
            config = config.withCloud(
                    new CloudChoice(launch.clouds(), false, config.cloud().hostedPort()));
        }
        if (launch.camera().isPresent()) {
            config = config.withCamera(launch.camera().get());
        }
        if (firstRun) {
            // The smallest grid that shows every camera: the demo's one camera fills the window.
            int count = config.cameras().size();
            config = config.withGridSize(ViewerConfig.GRID_SIZES.stream()
                    .filter(size -> size >= count)
                    .findFirst()
                    .orElse(16));
        }
        if (!config.equals(cameras.config())) {
            cameras.update(config);
        }
        KeyPair viewerKey;
        try {
            viewerKey = ViewerKeyStore.loadOrCreate(launch.configDirectory(), new SecureRandom());
        } catch (IOException e) {
            log.warn("no lasting viewer key ({}): cameras will ask for their passwords every time", e.getMessage());
            viewerKey = null;
        }
        CloudPassStore passes;
        try {
            passes = CloudPassStore.load(launch.configDirectory());
        } catch (IOException e) {
            log.warn(
                    "cannot read the cloud passes ({}): connects go without them until cameras give new ones",
                    e.getMessage());
            passes = CloudPassStore.empty(launch.configDirectory());
        }
        return new StartupSettings(cameras, viewerKey, passes);
    }
}
