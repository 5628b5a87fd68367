package io.p2pcam.viewer.app;

import atlantafx.base.theme.PrimerDark;
import io.p2pcam.runtime.NetworkWatcher;
import io.p2pcam.viewer.cameras.CameraList;
import io.p2pcam.viewer.config.CameraEntry;
import io.p2pcam.viewer.config.HostedCloud;
import io.p2pcam.viewer.engine.audio.AudioDevices;
import io.p2pcam.viewer.engine.connection.CameraSupervisor;
import io.p2pcam.viewer.engine.connection.EngineWarmUp;
import io.p2pcam.viewer.engine.connection.LanDirectory;
import io.p2pcam.viewer.engine.connection.RetryPolicy;
import io.p2pcam.viewer.engine.connection.SupervisorRoster;
import io.p2pcam.viewer.engine.decode.HwDecoding;
import io.p2pcam.viewer.engine.decode.HwDevice;
import io.p2pcam.viewer.engine.record.CaptureFileNames;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
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
    /** The settings {@link #launch} read while the toolkit started; null when start() reads them. */
    private static volatile StartupSettings preloaded;

    /** True when this app runs on a toolkit it did not start through Application.launch: it then stops itself. */
    private boolean ownsToolkit;

    private ScheduledExecutorService scheduler;
    private MainWindow window;
    private LanDirectory lan;
    private NetworkWatcher network;

    /**
     * Runs the app and returns when its window closed: on the toolkit {@link EarlyToolkit} started,
     * reading the settings while it starts, or else through {@link Application#launch}.
     */
    public static void launch(LaunchOptions launchOptions) {
        options = Objects.requireNonNull(launchOptions);
        if (!EarlyToolkit.wasStarted()) {
            Application.launch(ViewerApp.class);
            return;
        }
        preloaded = StartupSettings.load(options);
        StartupTimeline.mark("settings");
        EarlyToolkit.awaitReady();
        StartupTimeline.mark("toolkit");
        new ViewerApp().runOnStartedToolkit();
    }

    /** What {@link Application#launch} would do on a toolkit that is already running: start, wait, stop. */
    private void runOnStartedToolkit() {
        ownsToolkit = true;
        Platform.setImplicitExit(false); // the window's close goes through quit(), which stops the app first
        CompletableFuture<Thread> uiThread = new CompletableFuture<>();
        AtomicReference<RuntimeException> failed = new AtomicReference<>();
        Platform.runLater(() -> {
            uiThread.complete(Thread.currentThread());
            try {
                start(new Stage());
            } catch (RuntimeException e) {
                failed.set(e);
                quit();
            }
        });
        try {
            uiThread.join().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failed.get() != null) {
            throw failed.get();
        }
    }

    /** Closes the app: stops it, then the toolkit (which {@link Application#launch} does in that order itself). */
    private void quit() {
        if (ownsToolkit) {
            stop();
        }
        Platform.exit();
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
        StartupTimeline.mark("start");
        Application.setUserAgentStylesheet(new PrimerDark().getUserAgentStylesheetBSS());
        LaunchOptions launch = options;
        scheduler = Executors.newScheduledThreadPool(
                1, Thread.ofPlatform().name("viewer-retry").daemon().factory());
        StartupSettings startup = preloaded != null ? preloaded : StartupSettings.load(launch);
        preloaded = null;
        CameraList cameras = startup.cameras();
        ScheduledExecutorService retries = scheduler;
        // Cameras announced on this network: for the Add camera dialog, and for connecting with no cloud.
        LanDirectory found = LanDirectory.idle(); // browses once the window is shown
        lan = found;
        // The cameras in the list are looked for first: a flood of forged announcements does not hide them.
        found.lookFor(cameras.ids());
        cameras.cameras().addListener((ListChangeListener<CameraEntry>) change -> found.lookFor(cameras.ids()));
        // When the network comes back or changes, tiles waiting on it try again at once (decision 0067).
        SupervisorRoster supervisors = new SupervisorRoster();
        network = NetworkWatcher.start(what -> supervisors.networkChanged());
        MainViewModel.Services services = new MainViewModel.Services(
                (settings, clouds, listener) -> supervisors.add(
                        CameraSupervisor.start(settings, clouds, found, retries, RetryPolicy.DEFAULT, listener)),
                HostedCloud::start,
                new CaptureFileNames(launch.captures(), Clock.systemDefaultZone()),
                Executors.newSingleThreadExecutor(
                        Thread.ofPlatform().name("captures").daemon().factory()),
                Platform::runLater,
                Executors.newVirtualThreadPerTaskExecutor(),
                startup.viewerKey(),
                startup.passes(),
                AudioDevices.system(Clock.systemUTC()),
                HwDecoding::configure,
                HwDevice::compiledTypes);
        MainViewModel model = new MainViewModel(cameras, services);
        model.decoding().start(launch.hwaccel());
        window = new MainWindow(stage, model, found);
        Scene scene = new Scene(window.root(), 1280, 800);
        scene.getStylesheets()
                .add(Objects.requireNonNull(ViewerApp.class.getResource("viewer.css"))
                        .toExternalForm());
        window.installShortcuts(scene);
        StartupTimeline.mark("window built");
        stage.setScene(scene);
        stage.setTitle("p2pcam");
        stage.getIcons().add(new Image(Objects.requireNonNull(ViewerApp.class.getResourceAsStream("icon-256.png"))));
        stage.setOnCloseRequest(event -> quit());
        stage.setOnShown(event -> afterShown(found));
        StartupTimeline.mark("show");
        stage.show();
    }

    /**
     * The window is up: now what it did not need starts, off the UI thread, so that it does not
     * compete with the window for the CPU (issue 16 §2): FFmpeg's native libraries and the crypto
     * providers load once before the first tile needs them, and the LAN browser starts.
     */
    private void afterShown(LanDirectory found) {
        shownAfterMillis = StartupTimeline.sinceProcessStart();
        StartupTimeline.mark("shown");
        StartupTimeline.markCpu();
        log.info("window shown {} ms after the process started", shownAfterMillis);
        Platform.runLater(window::installTooltips);
        found.startBrowsing();
        Thread.ofPlatform().name("engine-warm-up").daemon().start(() -> {
            EngineWarmUp.run();
            if (exitWhenWarm) {
                Platform.runLater(this::quit);
            }
        });
    }

    @Override
    public void stop() {
        if (window != null) {
            window.close();
        }
        if (network != null) {
            network.close();
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (lan != null) {
            Thread.ofVirtual().start(lan::close); // JmDNS takes seconds to close: not on the FX thread
        }
    }
}
