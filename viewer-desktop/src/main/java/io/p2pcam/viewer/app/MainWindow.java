package io.p2pcam.viewer.app;

import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.noise.KeyPair;
import io.p2pcam.runtime.HostPort;
import io.p2pcam.viewer.cameras.CameraDialog;
import io.p2pcam.viewer.cameras.CameraList;
import io.p2pcam.viewer.cameras.CameraSidebar;
import io.p2pcam.viewer.config.CameraEntry;
import io.p2pcam.viewer.config.CloudChoice;
import io.p2pcam.viewer.config.HostedCloud;
import io.p2pcam.viewer.config.SettingsDialog;
import io.p2pcam.viewer.engine.connection.CameraSupervisor;
import io.p2pcam.viewer.engine.connection.ConnectionSettings;
import io.p2pcam.viewer.engine.connection.ConnectionState;
import io.p2pcam.viewer.engine.connection.ConnectionStatus;
import io.p2pcam.viewer.engine.connection.RetryPolicy;
import io.p2pcam.viewer.engine.record.CaptureDirectories;
import io.p2pcam.viewer.engine.record.CaptureFileNames;
import io.p2pcam.viewer.live.CameraTile;
import io.p2pcam.viewer.live.Captures;
import io.p2pcam.viewer.live.Connector;
import io.p2pcam.viewer.live.LiveGrid;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Separator;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignI;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;
import org.kordamp.ikonli.materialdesign2.MaterialDesignV;

/**
 * The main window: toolbar, camera list, live grid (or the "add your first camera" state) and a
 * status bar. Builds the connector every tile uses from the current cloud choice, and runs the
 * hosted cloud when the user asked for it.
 */
final class MainWindow implements AutoCloseable {
    private static final java.time.Duration CONNECT_TIMEOUT = java.time.Duration.ofSeconds(15);

    private final Stage stage;
    private final CameraList cameras;
    private final ScheduledExecutorService scheduler;
    private final LiveGrid grid;
    private final BorderPane root = new BorderPane();
    private final Label statusBar = new Label();
    private final Label notice = new Label();
    private final String viewerName;
    private final Executor uiThread;
    /** This installation's key, with which cameras pair (null: none could be kept, never pair). */
    private final KeyPair viewerKey;

    private final Captures captures;
    private HostedCloud hostedCloud;
    private List<InetSocketAddress> clouds = List.of();

    MainWindow(
            Stage stage,
            CameraList cameras,
            CaptureDirectories captureDirectories,
            ScheduledExecutorService scheduler,
            Executor uiThread,
            KeyPair viewerKey) {
        this.stage = stage;
        this.uiThread = uiThread;
        this.viewerKey = viewerKey;
        this.cameras = cameras;
        this.scheduler = scheduler;
        this.viewerName = System.getProperty("user.name", "viewer") + "@" + hostName();
        applyCloudChoice(cameras.config().cloud());
        Connector connector = this::connect;
        this.grid = new LiveGrid(connector, uiThread);
        this.captures = new Captures(
                new CaptureFileNames(captureDirectories, Clock.systemDefaultZone()),
                Executors.newSingleThreadExecutor(
                        Thread.ofPlatform().name("captures").daemon().factory()),
                uiThread,
                this::showNotice);
        grid.onTiles(this::decorateTile, captures::tileClosed);
        grid.gridSizeProperty().set(cameras.config().gridSize());
        grid.gridSizeProperty()
                .addListener((observable, old, size) ->
                        cameras.update(cameras.config().withGridSize(size.intValue())));
        grid.setCameras(cameras.cameras());
        cameras.cameras().addListener((javafx.collections.ListChangeListener<CameraEntry>)
                change -> grid.setCameras(cameras.cameras()));

        CameraSidebar sidebar = new CameraSidebar(
                cameras, camera -> grid.showSingle(camera.id()), this::editCamera, this::removeCamera);
        StackPane center = new StackPane(grid, emptyState());
        center.getStyleClass().add("live-area");
        SplitPane split = new SplitPane(sidebar, center);
        split.setDividerPositions(0.2);
        SplitPane.setResizableWithParent(sidebar, false);
        root.setTop(toolbar());
        root.setCenter(split);
        root.setBottom(statusLine());
        root.setId("main-window");
        cameras.saveErrorProperty().addListener((observable, old, error) -> notice.setText(error));

        Timeline refresh = new Timeline(new KeyFrame(Duration.seconds(1), event -> refreshStatusBar()));
        refresh.setCycleCount(Timeline.INDEFINITE);
        refresh.play();
        refreshStatusBar();
    }

    Parent root() {
        return root;
    }

    LiveGrid grid() {
        return grid;
    }

    private CameraSupervisor connect(CameraEntry camera, CameraSupervisor.Listener listener) {
        List<InetSocketAddress> targets = clouds.isEmpty()
                ? List.of(InetSocketAddress.createUnresolved("127.0.0.1", CloudChoice.DEFAULT_PORT))
                : clouds;
        ConnectionSettings settings = new ConnectionSettings(
                targets.getFirst(), camera.id(), camera.password(), viewerName, CONNECT_TIMEOUT, viewerKey);
        CameraSupervisor.Listener forgetsPasswordOncePaired = new CameraSupervisor.Listener() {
            @Override
            public void statusChanged(ConnectionStatus status) {
                listener.statusChanged(status);
            }

            @Override
            public void paired(boolean paired) {
                listener.paired(paired);
                if (paired && !camera.password().isEmpty()) {
                    uiThread.execute(() -> forgetPassword(camera.id()));
                }
            }
        };
        return CameraSupervisor.start(settings, targets, scheduler, RetryPolicy.DEFAULT, forgetsPasswordOncePaired);
    }

    /**
     * The camera keeps this viewer's key now: the password leaves viewer.json (the tile keeps its
     * connection). If the camera forgets or revokes us, the tile says "Password needed".
     */
    private void forgetPassword(CameraId id) {
        cameras.cameras().stream()
                .filter(entry -> entry.id().equals(id) && !entry.password().isEmpty())
                .findFirst()
                .ifPresent(entry -> cameras.put(entry.withoutPassword()));
    }

    private Region toolbar() {
        Button add =
                iconButton("add-camera", "Add camera", MaterialDesignP.PLUS, "Add a camera (Ctrl+N)", this::addCamera);
        add.getStyleClass().add("accent");
        ToggleGroup layouts = new ToggleGroup();
        HBox layoutButtons = new HBox();
        layoutButtons.getStyleClass().add("segmented");
        for (int size : List.of(1, 4, 9, 16)) {
            ToggleButton button = new ToggleButton(size == 1 ? "1" : size + "");
            button.setId("grid-" + size);
            button.setToggleGroup(layouts);
            button.setTooltip(new Tooltip(size + (size == 1 ? " tile" : " tiles") + " (Ctrl+"
                    + (List.of(1, 4, 9, 16).indexOf(size) + 1) + ")"));
            button.setSelected(grid.gridSizeProperty().get() == size);
            button.setOnAction(event -> {
                grid.showSingle(null);
                grid.gridSizeProperty().set(size);
                button.setSelected(true);
            });
            grid.gridSizeProperty().addListener((observable, old, now) -> button.setSelected(now.intValue() == size));
            layoutButtons.getChildren().add(button);
        }
        Button previous = iconButton(
                "previous-page", null, MaterialDesignC.CHEVRON_LEFT, "Previous page (Page Up)", grid::previousPage);
        Button next =
                iconButton("next-page", null, MaterialDesignC.CHEVRON_RIGHT, "Next page (Page Down)", grid::nextPage);
        Label page = new Label();
        page.textProperty().bind(Bindings.format("%d / %d", grid.pageProperty().add(1), grid.pageCountProperty()));
        previous.disableProperty().bind(grid.pageProperty().isEqualTo(0));
        next.disableProperty().bind(grid.pageProperty().add(1).greaterThanOrEqualTo(grid.pageCountProperty()));
        Button snapshot = iconButton(
                "snapshot", null, MaterialDesignC.CAMERA, "Snapshot of the selected camera (Ctrl+S)", this::snapshot);
        Button record = iconButton(
                "record",
                null,
                MaterialDesignR.RECORD_REC,
                "Record the selected camera / stop (Ctrl+R)",
                this::toggleRecording);
        ToggleButton stats = new ToggleButton(null, new FontIcon(MaterialDesignI.INFORMATION_OUTLINE));
        stats.setId("toggle-stats");
        stats.setTooltip(new Tooltip("Show figures on every tile (Ctrl+I)"));
        stats.selectedProperty().bindBidirectional(grid.statsVisibleProperty());
        Button fullScreen = iconButton(
                "full-screen",
                null,
                MaterialDesignF.FULLSCREEN,
                "Full screen (F11)",
                () -> stage.setFullScreen(!stage.isFullScreen()));
        Button settings = iconButton("settings", null, MaterialDesignC.COG, "Settings (Ctrl+,)", this::openSettings);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        ToolBar toolbar = new ToolBar(
                add,
                new Separator(),
                layoutButtons,
                previous,
                page,
                next,
                spacer,
                snapshot,
                record,
                new Separator(),
                stats,
                fullScreen,
                settings);
        return toolbar;
    }

    private static Button iconButton(
            String id, String text, org.kordamp.ikonli.Ikon icon, String tip, Runnable action) {
        Button button = new Button(text, new FontIcon(icon));
        button.setId(id);
        button.setTooltip(new Tooltip(tip));
        button.setOnAction(event -> action.run());
        return button;
    }

    private void decorateTile(CameraTile tile) {
        MenuItem retry = new MenuItem("Retry now", new FontIcon(MaterialDesignR.REFRESH));
        retry.setOnAction(event -> tile.model().retry());
        MenuItem snapshot = new MenuItem("Snapshot", new FontIcon(MaterialDesignC.CAMERA));
        snapshot.setOnAction(event -> captures.snapshot(tile));
        MenuItem record = new MenuItem();
        record.textProperty()
                .bind(Bindings.when(tile.recordingProperty())
                        .then("Stop recording")
                        .otherwise("Record"));
        record.setOnAction(event -> captures.toggleRecording(tile));
        MenuItem alone = new MenuItem("Show alone / back to grid");
        alone.setOnAction(event -> grid.showSingle(
                grid.singleProperty().get() == null ? tile.model().camera().id() : null));
        MenuItem edit = new MenuItem("Edit…", new FontIcon(MaterialDesignP.PENCIL));
        edit.setOnAction(event -> editCamera(tile.model().camera()));
        MenuItem remove = new MenuItem("Remove…", new FontIcon(MaterialDesignD.DELETE));
        remove.setOnAction(event -> removeCamera(tile.model().camera()));
        ContextMenu menu = new ContextMenu(retry, snapshot, record, alone, new SeparatorMenuItem(), edit, remove);
        tile.setOnContextMenuRequested(event -> menu.show(tile, event.getScreenX(), event.getScreenY()));
    }

    private void snapshot() {
        grid.target()
                .ifPresentOrElse(captures::snapshot, () -> showNotice("Click a camera first, then take the snapshot"));
    }

    private void toggleRecording() {
        grid.target().ifPresentOrElse(captures::toggleRecording, () -> showNotice("Click a camera first, then record"));
    }

    private void showNotice(String message) {
        notice.setText(message);
    }

    private Region emptyState() {
        FontIcon icon = new FontIcon(MaterialDesignV.VIDEO_PLUS_OUTLINE);
        icon.getStyleClass().add("empty-icon");
        Label title = new Label("Add your first camera");
        title.getStyleClass().add("title-2");
        Label explain = new Label("You need the camera's ID (printed on it or shown by its app) and its password.");
        explain.getStyleClass().add("text-muted");
        Button add = new Button("Add camera", new FontIcon(MaterialDesignP.PLUS));
        add.setId("empty-add-camera");
        add.getStyleClass().addAll("accent", "large");
        add.setOnAction(event -> addCamera());
        VBox empty = new VBox(14, icon, title, explain, add);
        empty.setAlignment(Pos.CENTER);
        empty.setId("empty-state");
        empty.visibleProperty().bind(Bindings.isEmpty(cameras.cameras()));
        empty.managedProperty().bind(empty.visibleProperty());
        return empty;
    }

    private Region statusLine() {
        statusBar.setId("status-bar");
        notice.setId("notice");
        notice.getStyleClass().add("text-muted");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox line = new HBox(12, statusBar, spacer, notice);
        line.setPadding(new Insets(4, 10, 4, 10));
        line.getStyleClass().add("status-line");
        return line;
    }

    private void refreshStatusBar() {
        List<CameraTile> tiles = grid.tiles();
        long live = tiles.stream()
                .filter(t -> t.model().statusProperty().get().state() == ConnectionState.LIVE)
                .count();
        String cloudText = hostedCloud != null
                ? "Cloud hosted on this PC: " + String.join(", ", hostedCloud.addressesForCameras())
                : "Cloud: " + String.join(", ", cameras.config().cloud().servers());
        statusBar.setText(cloudText + "   ·   " + live + " of " + tiles.size() + " on screen live   ·   "
                + cameras.cameras().size() + " camera" + (cameras.cameras().size() == 1 ? "" : "s"));
    }

    void addCamera() {
        new CameraDialog(stage, Optional.empty(), cameras.ids()).showAndWait().ifPresent(cameras::put);
    }

    private void editCamera(CameraEntry camera) {
        new CameraDialog(stage, Optional.of(camera), cameras.ids())
                .showAndWait()
                .ifPresent(cameras::put);
    }

    private void removeCamera(CameraEntry camera) {
        Alert confirm = new Alert(
                Alert.AlertType.CONFIRMATION,
                "Remove " + camera.name() + " (" + camera.id()
                        + ") from your cameras? The camera itself is not changed.",
                ButtonType.OK,
                ButtonType.CANCEL);
        confirm.initOwner(stage);
        confirm.setHeaderText("Remove camera");
        confirm.showAndWait().filter(ButtonType.OK::equals).ifPresent(ok -> cameras.remove(camera.id()));
    }

    private void editSelected() {
        grid.target().map(tile -> tile.model().camera()).ifPresent(this::editCamera);
    }

    private void openSettings() {
        Optional<List<String>> hosted = Optional.ofNullable(hostedCloud).map(HostedCloud::addressesForCameras);
        new SettingsDialog(stage, cameras.config().cloud(), hosted)
                .showAndWait()
                .ifPresent(choice -> {
                    cameras.update(cameras.config().withCloud(choice));
                    applyCloudChoice(choice);
                    grid.setCameras(List.of()); // every tile reconnects through the new cloud
                    grid.setCameras(cameras.cameras());
                });
    }

    /** Starts or stops the hosted cloud and works out the clouds tiles use, without DNS. */
    private void applyCloudChoice(CloudChoice choice) {
        List<InetSocketAddress> next = new ArrayList<>();
        if (choice.hostOnThisPc()) {
            if (hostedCloud == null || hostedCloud.port() != choice.hostedPort()) {
                closeHostedCloud();
                try {
                    hostedCloud = HostedCloud.start(choice.hostedPort());
                } catch (IOException e) {
                    notice.setText("Cannot host the cloud on UDP port " + choice.hostedPort() + ": " + e.getMessage());
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
                notice.setText("Ignoring cloud server " + server + ": " + e.getMessage());
            }
        }
        clouds = List.copyOf(next);
    }

    private void closeHostedCloud() {
        if (hostedCloud != null) {
            hostedCloud.close();
            hostedCloud = null;
        }
    }

    void installShortcuts(Scene scene) {
        var accelerators = scene.getAccelerators();
        accelerators.put(new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN), this::addCamera);
        accelerators.put(
                new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN), javafx.application.Platform::exit);
        accelerators.put(new KeyCodeCombination(KeyCode.E, KeyCombination.SHORTCUT_DOWN), this::editSelected);
        accelerators.put(new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN), this::snapshot);
        accelerators.put(new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN), this::toggleRecording);
        accelerators.put(
                new KeyCodeCombination(KeyCode.I, KeyCombination.SHORTCUT_DOWN),
                () -> grid.statsVisibleProperty()
                        .set(!grid.statsVisibleProperty().get()));
        accelerators.put(new KeyCodeCombination(KeyCode.COMMA, KeyCombination.SHORTCUT_DOWN), this::openSettings);
        accelerators.put(new KeyCodeCombination(KeyCode.F11), () -> stage.setFullScreen(!stage.isFullScreen()));
        accelerators.put(new KeyCodeCombination(KeyCode.PAGE_DOWN), grid::nextPage);
        accelerators.put(new KeyCodeCombination(KeyCode.PAGE_UP), grid::previousPage);
        accelerators.put(new KeyCodeCombination(KeyCode.ESCAPE), () -> grid.showSingle(null));
        accelerators.put(
                new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN),
                () -> grid.tiles().forEach(tile -> tile.model().retry()));
        List<Integer> sizes = List.of(1, 4, 9, 16);
        for (int i = 0; i < sizes.size(); i++) {
            int size = sizes.get(i);
            accelerators.put(
                    new KeyCodeCombination(KeyCode.getKeyCode(Integer.toString(i + 1)), KeyCombination.SHORTCUT_DOWN),
                    () -> {
                        grid.showSingle(null);
                        grid.gridSizeProperty().set(size);
                    });
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "pc";
        }
    }

    @Override
    public void close() {
        grid.close();
        captures.close();
        closeHostedCloud();
    }
}
