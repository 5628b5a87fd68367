package io.p2pcam.viewer.app;

import io.p2pcam.viewer.cameras.CameraDialog;
import io.p2pcam.viewer.cameras.CameraList;
import io.p2pcam.viewer.cameras.CameraSidebar;
import io.p2pcam.viewer.config.CameraEntry;
import io.p2pcam.viewer.config.SettingsDialog;
import io.p2pcam.viewer.config.ViewerConfig;
import io.p2pcam.viewer.engine.connection.LanDirectory;
import io.p2pcam.viewer.live.CameraTile;
import io.p2pcam.viewer.live.GridModel;
import io.p2pcam.viewer.live.LiveGrid;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Separator;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
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
import org.kordamp.ikonli.materialdesign2.MaterialDesignM;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;
import org.kordamp.ikonli.materialdesign2.MaterialDesignV;

/**
 * The main window: toolbar, camera list, live grid (or the "add your first camera" state) and a
 * status line, bound to a {@link MainViewModel}; the dialogs (add, edit, remove, settings) open
 * from here and hand their answers to the model.
 */
final class MainWindow implements AutoCloseable {
    private final Stage stage;
    private final MainViewModel model;
    private final GridModel gridModel;
    private final CameraList cameras;
    private final LiveGrid grid;
    private final BorderPane root = new BorderPane();
    private final Timeline refresh;
    private final Timeline talkMeter;
    private final LanDirectory lan;
    /** Tooltips not yet made: {@link #installTooltips}. */
    private final Map<Control, String> tooltips = new LinkedHashMap<>();

    MainWindow(Stage stage, MainViewModel model) {
        this(stage, model, null);
    }

    /** @param lan the cameras found on this network, listed in the Add camera dialog; null for none */
    MainWindow(Stage stage, MainViewModel model, LanDirectory lan) {
        this.lan = lan;
        this.stage = stage;
        this.model = model;
        this.gridModel = model.grid();
        this.cameras = model.cameras();
        this.grid = new LiveGrid(gridModel);
        grid.onTileAdded(this::decorateTile);

        CameraSidebar sidebar = new CameraSidebar(
                cameras, camera -> gridModel.showSingle(camera.id()), this::editCamera, this::removeCamera);
        StackPane center = new StackPane(grid, emptyState());
        center.getStyleClass().add("live-area");
        SplitPane split = new SplitPane(sidebar, center);
        split.setDividerPositions(0.2);
        SplitPane.setResizableWithParent(sidebar, false);
        root.setTop(toolbar());
        root.setCenter(split);
        root.setBottom(statusLine());
        root.setId("main-window");

        refresh = new Timeline(new KeyFrame(Duration.seconds(1), event -> model.refreshStatus()));
        refresh.setCycleCount(Timeline.INDEFINITE);
        refresh.play();
        talkMeter = new Timeline(
                new KeyFrame(Duration.millis(50), event -> model.talk().refreshLevel()));
        talkMeter.setCycleCount(Timeline.INDEFINITE);
        talkMeter.play();
    }

    Parent root() {
        return root;
    }

    /** Gives {@code control} its tooltip when {@link #installTooltips} runs. */
    private void tooltipLater(Control control, String text) {
        tooltips.put(control, text);
    }

    /**
     * Gives the toolbar its tooltips. None shows before the pointer rests on a control, so the app
     * calls this once the window is shown: making them (each a popup window) was about a tenth of the
     * first scene's work (issue 16 §2).
     */
    void installTooltips() {
        tooltips.forEach((control, text) -> control.setTooltip(new Tooltip(text)));
        tooltips.clear();
    }

    private Region toolbar() {
        Button add =
                iconButton("add-camera", "Add camera", MaterialDesignP.PLUS, "Add a camera (Ctrl+N)", this::addCamera);
        add.getStyleClass().add("accent");
        ToggleGroup layouts = new ToggleGroup();
        HBox layoutButtons = new HBox();
        layoutButtons.getStyleClass().add("segmented");
        for (int size : ViewerConfig.GRID_SIZES) {
            ToggleButton button = new ToggleButton(size == 1 ? "1" : size + "");
            button.setId("grid-" + size);
            button.setToggleGroup(layouts);
            tooltipLater(
                    button,
                    size + (size == 1 ? " tile" : " tiles") + " (Ctrl+" + (ViewerConfig.GRID_SIZES.indexOf(size) + 1)
                            + ")");
            button.setSelected(gridModel.gridSizeProperty().get() == size);
            button.setOnAction(event -> {
                gridModel.showGrid(size);
                button.setSelected(true);
            });
            gridModel
                    .gridSizeProperty()
                    .addListener((observable, old, now) -> button.setSelected(now.intValue() == size));
            layoutButtons.getChildren().add(button);
        }
        Button previous = iconButton(
                "previous-page",
                null,
                MaterialDesignC.CHEVRON_LEFT,
                "Previous page (Page Up)",
                gridModel::previousPage);
        Button next = iconButton(
                "next-page", null, MaterialDesignC.CHEVRON_RIGHT, "Next page (Page Down)", gridModel::nextPage);
        Label page = new Label();
        page.textProperty()
                .bind(Bindings.format("%d / %d", gridModel.pageProperty().add(1), gridModel.pageCountProperty()));
        previous.disableProperty().bind(gridModel.pageProperty().isEqualTo(0));
        next.disableProperty()
                .bind(gridModel.pageProperty().add(1).greaterThanOrEqualTo(gridModel.pageCountProperty()));
        Button snapshot = iconButton(
                "snapshot", null, MaterialDesignC.CAMERA, "Snapshot of the selected camera (Ctrl+S)", model::snapshot);
        Button record = iconButton(
                "record",
                null,
                MaterialDesignR.RECORD_REC,
                "Record the selected camera / stop (Ctrl+R)",
                model::toggleRecording);
        ToggleButton stats = new ToggleButton(null, new FontIcon(MaterialDesignI.INFORMATION_OUTLINE));
        stats.setId("toggle-stats");
        tooltipLater(stats, "Show figures on every tile (Ctrl+I)");
        stats.selectedProperty().bindBidirectional(gridModel.statsVisibleProperty());
        Button fullScreen = iconButton(
                "full-screen",
                null,
                MaterialDesignF.FULLSCREEN,
                "Full screen (F11)",
                () -> stage.setFullScreen(!stage.isFullScreen()));
        Button settings = iconButton("settings", null, MaterialDesignC.COG, "Settings (Ctrl+,)", this::openSettings);
        Button talk = new Button("Talk", new FontIcon(MaterialDesignM.MICROPHONE));
        talk.setId("talk");
        tooltipLater(talk, "Hold to talk to the selected camera (or hold T)");
        talk.setOnMousePressed(event -> model.talk().startTalking());
        talk.setOnMouseReleased(event -> model.talk().stopTalking());
        talk.styleProperty()
                .bind(Bindings.when(model.talk().talkingProperty())
                        .then("-fx-base: -color-danger-emphasis;")
                        .otherwise(""));
        ProgressBar meter = new ProgressBar(0);
        meter.setId("talk-level");
        meter.setPrefWidth(60);
        tooltipLater(meter, "Microphone level while talking");
        meter.progressProperty().bind(model.talk().levelProperty());
        Label floor = new Label();
        floor.setId("talk-floor");
        floor.textProperty()
                .bind(Bindings.when(model.talk().floorNoticeProperty().isNotNull())
                        .then(model.talk().floorNoticeProperty())
                        .otherwise(""));
        floor.visibleProperty().bind(model.talk().floorNoticeProperty().isNotNull());
        floor.managedProperty().bind(floor.visibleProperty());
        floor.setStyle("-fx-text-fill: -color-danger-fg;");
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
                talk,
                meter,
                floor,
                new Separator(),
                stats,
                fullScreen,
                settings);
        return toolbar;
    }

    private Button iconButton(String id, String text, org.kordamp.ikonli.Ikon icon, String tip, Runnable action) {
        Button button = new Button(text, new FontIcon(icon));
        button.setId(id);
        tooltipLater(button, tip);
        button.setOnAction(event -> action.run());
        return button;
    }

    private void decorateTile(CameraTile tile) {
        MenuItem retry = new MenuItem("Retry now", new FontIcon(MaterialDesignR.REFRESH));
        retry.setOnAction(event -> tile.model().retry());
        MenuItem snapshot = new MenuItem("Snapshot", new FontIcon(MaterialDesignC.CAMERA));
        snapshot.setOnAction(event -> model.snapshot(tile.model()));
        MenuItem record = new MenuItem();
        record.textProperty()
                .bind(Bindings.when(tile.model().recordingProperty())
                        .then("Stop recording")
                        .otherwise("Record"));
        record.setOnAction(event -> model.toggleRecording(tile.model()));
        MenuItem alone = new MenuItem("Show alone / back to grid");
        alone.setOnAction(event -> gridModel.toggleSingle(tile.model().camera().id()));
        MenuItem edit = new MenuItem("Edit…", new FontIcon(MaterialDesignP.PENCIL));
        edit.setOnAction(event -> editCamera(tile.model().camera()));
        MenuItem remove = new MenuItem("Remove…", new FontIcon(MaterialDesignD.DELETE));
        remove.setOnAction(event -> removeCamera(tile.model().camera()));
        ContextMenu menu = new ContextMenu(retry, snapshot, record, alone, new SeparatorMenuItem(), edit, remove);
        tile.setOnContextMenuRequested(event -> menu.show(tile, event.getScreenX(), event.getScreenY()));
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
        Label statusBar = new Label();
        statusBar.setId("status-bar");
        statusBar.textProperty().bind(model.statusProperty());
        Label notice = new Label();
        notice.setId("notice");
        notice.getStyleClass().add("text-muted");
        notice.textProperty().bind(model.noticeProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox line = new HBox(12, statusBar, spacer, notice);
        line.setPadding(new Insets(4, 10, 4, 10));
        line.getStyleClass().add("status-line");
        return line;
    }

    void addCamera() {
        new CameraDialog(stage, Optional.empty(), cameras.ids(), lan)
                .showAndWait()
                .ifPresent(cameras::put);
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
        model.targetCamera().ifPresent(this::editCamera);
    }

    private void openSettings() {
        DecodingChoice decoding = model.decoding();
        decoding.listDeviceTypes();
        new SettingsDialog(
                        stage,
                        cameras.config().cloud(),
                        decoding.inUse(),
                        decoding.deviceTypes(),
                        model.hostedAddresses())
                .showAndWait()
                .ifPresent(model::changeSettings);
    }

    void installShortcuts(Scene scene) {
        // Hold T to talk (press and release, not an accelerator: those fire on the press alone).
        scene.addEventFilter(KeyEvent.KEY_PRESSED, event -> {
            if (event.getCode() == KeyCode.T
                    && !event.isShortcutDown()
                    && !event.isAltDown()
                    && !(event.getTarget() instanceof TextInputControl)) {
                model.talk().startTalking();
            }
        });
        scene.addEventFilter(KeyEvent.KEY_RELEASED, event -> {
            if (event.getCode() == KeyCode.T) {
                model.talk().stopTalking();
            }
        });
        var accelerators = scene.getAccelerators();
        accelerators.put(new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN), this::addCamera);
        accelerators.put(
                new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN), javafx.application.Platform::exit);
        accelerators.put(new KeyCodeCombination(KeyCode.E, KeyCombination.SHORTCUT_DOWN), this::editSelected);
        accelerators.put(new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN), model::snapshot);
        accelerators.put(new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN), model::toggleRecording);
        accelerators.put(
                new KeyCodeCombination(KeyCode.I, KeyCombination.SHORTCUT_DOWN),
                () -> gridModel
                        .statsVisibleProperty()
                        .set(!gridModel.statsVisibleProperty().get()));
        accelerators.put(new KeyCodeCombination(KeyCode.COMMA, KeyCombination.SHORTCUT_DOWN), this::openSettings);
        accelerators.put(new KeyCodeCombination(KeyCode.F11), () -> stage.setFullScreen(!stage.isFullScreen()));
        accelerators.put(new KeyCodeCombination(KeyCode.PAGE_DOWN), gridModel::nextPage);
        accelerators.put(new KeyCodeCombination(KeyCode.PAGE_UP), gridModel::previousPage);
        accelerators.put(new KeyCodeCombination(KeyCode.ESCAPE), () -> gridModel.showSingle(null));
        accelerators.put(
                new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN),
                gridModel::retryAll);
        List<Integer> sizes = ViewerConfig.GRID_SIZES;
        for (int i = 0; i < sizes.size(); i++) {
            int size = sizes.get(i);
            accelerators.put(
                    new KeyCodeCombination(KeyCode.getKeyCode(Integer.toString(i + 1)), KeyCombination.SHORTCUT_DOWN),
                    () -> gridModel.showGrid(size));
        }
    }

    @Override
    public void close() {
        refresh.stop();
        talkMeter.stop();
        grid.close();
        model.close();
    }
}
