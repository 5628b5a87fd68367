package io.p2pcam.viewer.app;

import atlantafx.base.theme.PrimerDark;
import io.p2pcam.protocol.noise.KeyPair;
import io.p2pcam.viewer.cameras.CameraList;
import io.p2pcam.viewer.config.CloudChoice;
import io.p2pcam.viewer.config.CloudPassStore;
import io.p2pcam.viewer.config.ConfigStore;
import io.p2pcam.viewer.config.HostedCloud;
import io.p2pcam.viewer.config.ViewerConfig;
import io.p2pcam.viewer.config.ViewerKeyStore;
import io.p2pcam.viewer.engine.audio.AudioDevices;
import io.p2pcam.viewer.engine.connection.CameraSupervisor;
import io.p2pcam.viewer.engine.connection.EngineWarmUp;
import io.p2pcam.viewer.engine.connection.LanDirectory;
import io.p2pcam.viewer.engine.connection.RetryPolicy;
import io.p2pcam.viewer.engine.record.CaptureFileNames;
import java.io.IOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The desktop app's composition root: loads the settings, builds the window and the engine's
 * shared threads, and tears all of it down when the window closes.
 */
public final class ViewerApp extends Application {
    private static final Logger log = LoggerFactory.getLogger(ViewerApp.class);
    private static volatile LaunchOptions options;
    /** Set by {@link #launchOnce}: close again once the window is shown and the engine loaded. */
    private static volatile boolean exitWhenWarm;
    /** Milliseconds from the process's start to the window's showing, or -1 before it shows. */
    private static volatile long shownAfterMillis = -1;

    private ScheduledExecutorService scheduler;
    private MainWindow window;
    private LanDirectory lan;

    /** Starts the JavaFX toolkit and the app; returns when the last window closed. */
    public static void launch(LaunchOptions launchOptions) {
        options = Objects.requireNonNull(launchOptions);
        Application.launch(ViewerApp.class);
    }

    /**
     * Opens the window, loads the engine (FFmpeg, crypto, the LAN browser) after it shows, and
     * closes: the start-up check ({@code --startup-check}) and the run that trains the
     * class-data archive at packaging time. Returns the milliseconds from the process's start to
     * the window showing, or -1 when it never showed.
     */
    public static long launchOnce(LaunchOptions launchOptions) {
        exitWhenWarm = true;
        launch(launchOptions);
        return shownAfterMillis;
    }

    /** For tests: the options the next {@link #start} uses. */
    public static void prepare(LaunchOptions launchOptions) {
        options = Objects.requireNonNull(launchOptions);
    }

    @Override
    public void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerDark().getUserAgentStylesheet());
        LaunchOptions launch = options;
        scheduler = Executors.newScheduledThreadPool(
                1, Thread.ofPlatform().name("viewer-retry").daemon().factory());
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
        ScheduledExecutorService retries = scheduler;
        // Cameras announced on this network: for the Add camera dialog, and for connecting with no cloud.
        LanDirectory found = LanDirectory.idle(); // browses once the window is shown
        lan = found;
        MainViewModel.Services services = new MainViewModel.Services(
                (settings, clouds, listener) ->
                        CameraSupervisor.start(settings, clouds, found, retries, RetryPolicy.DEFAULT, listener),
                HostedCloud::start,
                new CaptureFileNames(launch.captures(), Clock.systemDefaultZone()),
                Executors.newSingleThreadExecutor(
                        Thread.ofPlatform().name("captures").daemon().factory()),
                Platform::runLater,
                Executors.newVirtualThreadPerTaskExecutor(),
                viewerKey,
                passes,
                AudioDevices.system(Clock.systemUTC()));
        window = new MainWindow(stage, new MainViewModel(cameras, services), found);
        Scene scene = new Scene(window.root(), 1280, 800);
        scene.getStylesheets()
                .add(Objects.requireNonNull(ViewerApp.class.getResource("viewer.css"))
                        .toExternalForm());
        window.installShortcuts(scene);
        stage.setScene(scene);
        stage.setTitle("p2pcam");
        stage.getIcons().add(new Image(Objects.requireNonNull(ViewerApp.class.getResourceAsStream("icon-256.png"))));
        stage.setOnCloseRequest(event -> Platform.exit());
        stage.setOnShown(event -> afterShown(found));
        stage.show();
    }

    /**
     * The window is up: now what it did not need starts, off the UI thread, so that it does not
     * compete with the window for the CPU (issue 16 §2): FFmpeg's native libraries and the crypto
     * providers load once before the first tile needs them, and the LAN browser starts.
     */
    private static void afterShown(LanDirectory found) {
        shownAfterMillis = ProcessHandle.current()
                .info()
                .startInstant()
                .map(start -> Duration.between(start, Instant.now()).toMillis())
                .orElse(-1L);
        log.info("window shown {} ms after the process started", shownAfterMillis);
        found.startBrowsing();
        Thread.ofPlatform().name("engine-warm-up").daemon().start(() -> {
            EngineWarmUp.run();
            if (exitWhenWarm) {
                Platform.exit();
            }
        });
    }

    @Override
    public void stop() {
        if (window != null) {
            window.close();
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (lan != null) {
            Thread.ofVirtual().start(lan::close); // JmDNS takes seconds to close: not on the FX thread
        }
    }
}
