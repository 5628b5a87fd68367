package io.p2pcam.viewer.app;

import io.p2pcam.protocol.cloud.CloudPass;
import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.noise.KeyPair;
import io.p2pcam.runtime.HostPort;
import io.p2pcam.viewer.cameras.CameraList;
import io.p2pcam.viewer.config.CameraEntry;
import io.p2pcam.viewer.config.CloudChoice;
import io.p2pcam.viewer.config.CloudHost;
import io.p2pcam.viewer.config.CloudPassStore;
import io.p2pcam.viewer.config.SettingsChoice;
import io.p2pcam.viewer.engine.audio.AudioDevices;
import io.p2pcam.viewer.engine.connection.CameraSupervisor;
import io.p2pcam.viewer.engine.connection.ConnectionSettings;
import io.p2pcam.viewer.engine.connection.ConnectionStatus;
import io.p2pcam.viewer.engine.decode.HwAccel;
import io.p2pcam.viewer.engine.record.CaptureFileNames;
import io.p2pcam.viewer.live.Captures;
import io.p2pcam.viewer.live.GridModel;
import io.p2pcam.viewer.live.TalkModel;
import io.p2pcam.viewer.live.TileModel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;

/**
 * The view model of the main window: the clouds tiles connect through (and the cloud hosted on
 * this PC when the user asked for it), the live grid's model, the commands of the toolbar and
 * shortcuts, the status line and the notice beside it. {@link MainWindow} only binds to it.
 *
 * <p>UI thread only (or one test thread). Anything that may touch the network (naming this PC,
 * listing its interfaces for the hosted cloud's addresses) runs on {@code background} and reports
 * through {@code uiThread}.
 */
final class MainViewModel implements AutoCloseable {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);

    /** Everything the window's model needs from the app; tests pass fakes for the outside world. */
    record Services(
            SupervisorStarter supervisors,
            CloudHost cloudHost,
            CaptureFileNames captureNames,
            ExecutorService captureFiles,
            Executor uiThread,
            Executor background,
            KeyPair viewerKey,
            CloudPassStore passes,
            AudioDevices audio,
            Consumer<HwAccel> decoders,
            Supplier<List<String>> hwaccelTypes) {}

    /** Starts a tile's supervised connection (the app: on its retry scheduler). */
    @FunctionalInterface
    interface SupervisorStarter {
        CameraSupervisor start(
                ConnectionSettings settings, List<InetSocketAddress> clouds, CameraSupervisor.Listener listener);
    }

    private final CameraList cameras;
    private final Services services;
    private final GridModel grid;
    private final Captures captures;
    private final TalkModel talk;
    private final DecodingChoice decoding;
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper("");
    private final CompletableFuture<String> viewerName;
    private final AtomicBoolean listingAddresses = new AtomicBoolean();
    private CloudHost.Hosted hostedCloud;
    private List<String> hostedAddresses = List.of();
    private List<InetSocketAddress> clouds = List.of();

    MainViewModel(CameraList cameras, Services services) {
        this.cameras = cameras;
        this.services = services;
        // Naming this PC may ask DNS: never on the UI thread. Until it answers, the name from the
        // environment stands in (it only labels this viewer in the camera's list of viewers).
        this.viewerName = CompletableFuture.supplyAsync(MainViewModel::viewerNameFromHost, services.background());
        this.decoding = new DecodingChoice(
                cameras, services.decoders(), services.hwaccelTypes(), services.background(), services.uiThread());
        applyCloudChoice(cameras.config().cloud());
        this.grid = new GridModel(this::connect, services.uiThread(), services.audio());
        // Each camera's mute and volume are remembered in viewer.json.
        grid.soundSettings(id -> cameras.config().sound(id));
        grid.onSoundChanged((id, sound) -> cameras.update(cameras.config().withSound(id, sound)));
        grid.onNotice(this::showNotice);
        this.talk = new TalkModel(grid, services.audio(), new SecureRandom());
        talk.onNotice(this::showNotice);
        this.captures =
                new Captures(services.captureNames(), services.captureFiles(), services.uiThread(), this::showNotice);
        grid.onTileClosing(captures::tileClosed);
        grid.gridSizeProperty().set(cameras.config().gridSize());
        grid.gridSizeProperty()
                .addListener((observable, old, size) ->
                        cameras.update(cameras.config().withGridSize(size.intValue())));
        grid.setCameras(cameras.cameras());
        cameras.cameras().addListener((ListChangeListener<CameraEntry>) change -> grid.setCameras(cameras.cameras()));
        cameras.onSaveFailed(this::showNotice);
        // Told before this model listened (at start): a damaged or unreadable viewer.json, or a
        // save of the command line's changes that failed.
        Stream.of(cameras.loadProblem(), cameras.saveErrorProperty().get())
                .filter(problem -> !problem.isEmpty())
                .findFirst()
                .ifPresent(this::showNotice);
        refreshStatus();
    }

    GridModel grid() {
        return grid;
    }

    CameraList cameras() {
        return cameras;
    }

    /** Hold-to-talk to the picked camera. */
    TalkModel talk() {
        return talk;
    }

    /** The status line: which cloud, how many tiles live, how many cameras. */
    ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The last thing the user should know (a saved file, a failure), or empty. */
    ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    void showNotice(String message) {
        notice.set(message);
    }

    /** The clouds tiles try in turn, in order (the hosted one first), resolved by nobody yet. */
    List<InetSocketAddress> clouds() {
        return clouds;
    }

    /** A tile's connection: through the clouds of the moment, as this installation. */
    private CameraSupervisor connect(CameraEntry camera, CameraSupervisor.Listener listener) {
        List<InetSocketAddress> targets = clouds.isEmpty()
                ? List.of(InetSocketAddress.createUnresolved("127.0.0.1", CloudChoice.DEFAULT_PORT))
                : clouds;
        ConnectionSettings settings = new ConnectionSettings(
                targets.getFirst(),
                camera.id(),
                camera.password(),
                viewerName.getNow(viewerNameFromEnvironment()),
                CONNECT_TIMEOUT,
                services.viewerKey(),
                services.passes().get(camera.id()));
        CameraSupervisor.Listener forgetsPasswordOncePaired = new CameraSupervisor.Listener() {
            @Override
            public void statusChanged(ConnectionStatus next) {
                listener.statusChanged(next);
            }

            @Override
            public void paired(boolean paired) {
                listener.paired(paired);
                if (paired && !camera.password().isEmpty()) {
                    services.uiThread().execute(() -> forgetPassword(camera.id()));
                }
            }

            @Override
            public void cloudPass(CloudPass pass) {
                services.background().execute(() -> keepPass(camera.id(), pass));
            }
        };
        return services.supervisors().start(settings, targets, forgetsPasswordOncePaired);
    }

    /**
     * The camera keeps this viewer's key now: the password leaves viewer.json (the tile keeps its
     * connection). If the camera forgets or revokes us, the tile says "Password needed".
     */
    void forgetPassword(CameraId id) {
        cameras.cameras().stream()
                .filter(entry -> entry.id().equals(id) && !entry.password().isEmpty())
                .findFirst()
                .ifPresent(entry -> cameras.put(entry.withoutPassword()));
    }

    private void keepPass(CameraId id, CloudPass pass) {
        try {
            services.passes().put(id, pass);
        } catch (IOException e) {
            services.uiThread()
                    .execute(() -> showNotice(
                            "Cannot save the camera's cloud pass (connecting still works): " + e.getMessage()));
        }
    }

    /** Ctrl+S: a snapshot of the tile the user picked. */
    void snapshot() {
        grid.target()
                .ifPresentOrElse(captures::snapshot, () -> showNotice("Click a camera first, then take the snapshot"));
    }

    /** Ctrl+R: starts or stops recording the tile the user picked. */
    void toggleRecording() {
        grid.target().ifPresentOrElse(captures::toggleRecording, () -> showNotice("Click a camera first, then record"));
    }

    void snapshot(TileModel tile) {
        captures.snapshot(tile);
    }

    void toggleRecording(TileModel tile) {
        captures.toggleRecording(tile);
    }

    /** The camera the user picked, for "Edit" (Ctrl+E). */
    Optional<CameraEntry> targetCamera() {
        return grid.target().map(TileModel::camera);
    }

    /** Hardware decoding: the choice new connections use, and the types this machine offers. */
    DecodingChoice decoding() {
        return decoding;
    }

    /**
     * The user saved the settings: a new cloud choice is saved and every tile reconnects through
     * it; a new decoding choice is saved and used by the connections made from now on.
     */
    void changeSettings(SettingsChoice choice) {
        if (!choice.cloud().equals(cameras.config().cloud())) {
            changeCloud(choice.cloud());
        }
        if (!choice.hwaccel().equals(decoding.inUse())) {
            showNotice("Hardware decoding: " + choice.hwaccel() + ", for cameras as they connect");
        }
        decoding.change(choice.hwaccel());
    }

    /** The user chose another cloud in the settings: saved, and every tile reconnects through it. */
    void changeCloud(CloudChoice choice) {
        cameras.update(cameras.config().withCloud(choice));
        applyCloudChoice(choice);
        grid.reconnectAll();
        refreshStatus();
    }

    /** The hosted cloud's addresses as last listed (for the settings dialog), if one runs. */
    Optional<List<String>> hostedAddresses() {
        return hostedCloud == null ? Optional.empty() : Optional.of(hostedAddresses);
    }

    /** Starts or stops the hosted cloud and works out the clouds tiles use, without DNS. */
    private void applyCloudChoice(CloudChoice choice) {
        List<InetSocketAddress> next = new ArrayList<>();
        if (choice.hostOnThisPc()) {
            if (hostedCloud == null || hostedCloud.port() != choice.hostedPort()) {
                closeHostedCloud();
                try {
                    hostedCloud = services.cloudHost().start(choice.hostedPort());
                    hostedAddresses = List.of("127.0.0.1:" + hostedCloud.port());
                } catch (IOException e) {
                    showNotice("Cannot host the cloud on UDP port " + choice.hostedPort() + ": " + e.getMessage());
                }
            }
            if (hostedCloud != null) {
                next.add(hostedCloud.loopbackAddress());
            }
        } else {
            closeHostedCloud();
        }
        for (String server : choice.servers()) {
            try {
                next.add(HostPort.parseUnresolved(server, CloudChoice.DEFAULT_PORT));
            } catch (IllegalArgumentException e) {
                showNotice("Ignoring cloud server " + server + ": " + e.getMessage());
            }
        }
        clouds = List.copyOf(next);
    }

    private void closeHostedCloud() {
        if (hostedCloud != null) {
            hostedCloud.close();
            hostedCloud = null;
            hostedAddresses = List.of();
        }
    }

    /**
     * Refreshes the status line (the window calls it once a second). The hosted cloud's addresses
     * are listed on the background thread (an interface listing can take a while) and show on a
     * later refresh.
     */
    void refreshStatus() {
        captures.lookForPausedStorage();
        CloudHost.Hosted hosted = hostedCloud;
        if (hosted != null && listingAddresses.compareAndSet(false, true)) {
            services.background().execute(() -> {
                List<String> listed = hosted.addressesForCameras();
                services.uiThread().execute(() -> {
                    listingAddresses.set(false);
                    if (hostedCloud == hosted && !listed.equals(hostedAddresses)) {
                        hostedAddresses = listed;
                        showStatus();
                    }
                });
            });
        }
        showStatus();
    }

    private void showStatus() {
        String cloudText = hostedCloud != null
                ? "Cloud hosted on this PC: " + String.join(", ", hostedAddresses)
                : "Cloud: " + String.join(", ", cameras.config().cloud().servers());
        int count = cameras.cameras().size();
        status.set(cloudText + "   ·   " + grid.liveCount() + " of "
                + grid.tiles().size() + " on screen live   ·   " + count + " camera" + (count == 1 ? "" : "s"));
    }

    private static String viewerNameFromHost() {
        try {
            return userName() + "@" + InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return viewerNameFromEnvironment();
        }
    }

    private static String viewerNameFromEnvironment() {
        String host = Optional.ofNullable(System.getenv("HOSTNAME"))
                .or(() -> Optional.ofNullable(System.getenv("COMPUTERNAME")))
                .orElse("pc");
        return userName() + "@" + host;
    }

    private static String userName() {
        return System.getProperty("user.name", "viewer");
    }

    /** Closes every tile (each camera hears goodbye, briefly waited for), the recordings and the hosted cloud. */
    @Override
    public void close() {
        talk.stopTalking();
        captures.close();
        closeHostedCloud();
    }

    /** Closes every connection; completes when each camera heard goodbye. */
    CompletableFuture<Void> closeTiles() {
        return grid.closeAll();
    }
}
