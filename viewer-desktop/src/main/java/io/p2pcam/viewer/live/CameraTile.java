package io.p2pcam.viewer.live;

import io.p2pcam.viewer.engine.connection.ConnectionState;
import io.p2pcam.viewer.engine.connection.ConnectionStatus;
import io.p2pcam.viewer.engine.frame.VideoFrame;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignL;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;
import org.kordamp.ikonli.materialdesign2.MaterialDesignV;

/**
 * One camera on screen: the picture, the camera's name, where its connection stands (and, when
 * it is not live, why and what happens next, with a retry button), an optional figures overlay,
 * a recording mark, and a notice while it shows the sub-stream because the path drops the main one. Draws a {@link TileModel}; holds no connection logic.
 */
public final class CameraTile extends StackPane {
    private final TileModel model;
    private final ImageView picture = new ImageView();
    private final TileRenderer renderer = new TileRenderer(picture);
    private final Label chip = new Label();
    private final Label headline = new Label();
    private final Label advice = new Label();
    private final FontIcon statusIcon = new FontIcon();
    private final Button retry = new Button("Retry now", new FontIcon(MaterialDesignR.REFRESH));
    private final VBox statusPane;
    private final Label figures = new Label();
    private final Label fallbackNotice = new Label();
    private final Label recordingMark = new Label("REC", new FontIcon(MaterialDesignR.RECORD));
    private final BooleanProperty statsVisible = new SimpleBooleanProperty();
    private boolean hasPicture;

    public CameraTile(TileModel model, Runnable onOpen) {
        this.model = model;
        getStyleClass().add("camera-tile");
        setId("tile-" + model.camera().id().toString());
        setMinSize(160, 90);

        picture.setPreserveRatio(true);
        // The decoder already scaled the picture to the tile: drawn 1:1, smoothing would only cost.
        picture.setSmooth(false);
        picture.fitWidthProperty().bind(widthProperty());
        picture.fitHeightProperty().bind(heightProperty());

        Label name = new Label(model.camera().name());
        name.getStyleClass().add("tile-name");
        chip.getStyleClass().add("tile-chip");
        chip.setId("status");
        recordingMark.getStyleClass().add("tile-recording");
        recordingMark.visibleProperty().bind(model.recordingProperty());
        recordingMark.managedProperty().bind(model.recordingProperty());
        recordingMark.setId("recording");
        // Still wanted while its folder is away or its disk full: the mark stays, saying what it
        // waits for (decision 0073).
        recordingMark
                .textProperty()
                .bind(Bindings.when(model.recordingPausedProperty().isEmpty())
                        .then("REC")
                        .otherwise(Bindings.concat("REC paused: ", model.recordingPausedProperty())));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox top = new HBox(8, name, spacer, recordingMark, soundControls(), chip);
        top.setAlignment(Pos.CENTER_LEFT);
        top.setPadding(new Insets(6, 8, 6, 8));
        top.getStyleClass().add("tile-top");
        top.setMaxHeight(Region.USE_PREF_SIZE);
        StackPane.setAlignment(top, Pos.TOP_CENTER);

        statusIcon.getStyleClass().add("tile-status-icon");
        headline.getStyleClass().add("tile-headline");
        headline.setId("headline");
        advice.getStyleClass().add("tile-advice");
        advice.setId("advice");
        advice.setWrapText(true);
        advice.setMaxWidth(360);
        retry.setId("retry");
        retry.setOnAction(event -> model.retry());
        statusPane = new VBox(8, statusIcon, headline, advice, retry);
        statusPane.setAlignment(Pos.CENTER);
        statusPane.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        statusPane.getStyleClass().add("tile-status");

        figures.getStyleClass().add("tile-figures");
        figures.setId("figures");
        figures.visibleProperty().bind(statsVisible);
        StackPane.setAlignment(figures, Pos.BOTTOM_LEFT);
        StackPane.setMargin(figures, new Insets(8));

        fallbackNotice.getStyleClass().add("tile-notice");
        fallbackNotice.setId("fallback");
        fallbackNotice.visibleProperty().bind(fallbackNotice.textProperty().isNotEmpty());
        StackPane.setAlignment(fallbackNotice, Pos.BOTTOM_RIGHT);
        StackPane.setMargin(fallbackNotice, new Insets(8));

        getChildren().addAll(picture, statusPane, top, figures, fallbackNotice);
        setOnMouseClicked(event -> {
            if (event.getButton() == MouseButton.PRIMARY && event.getClickCount() == 2) {
                onOpen.run();
            }
        });
        model.statusProperty().addListener((observable, old, status) -> showStatus(status));
        model.pairedProperty()
                .addListener(observable -> showStatus(model.statusProperty().get()));
        Tooltip streamShown = new Tooltip();
        model.statsProperty().addListener((observable, old, stats) -> {
            figures.setText(StatusText.figures(stats, model.statusProperty().get()));
            // Which stream and why, quietly (as NVR clients do): on the chip, even with the figures off.
            streamShown.setText(stats.stream());
            chip.setTooltip(stats.stream().isEmpty() ? null : streamShown);
        });
        widthProperty().addListener(observable -> fitDecoder());
        heightProperty().addListener(observable -> fitDecoder());
        showStatus(model.statusProperty().get());
    }

    public TileModel model() {
        return model;
    }

    /**
     * The tile's sound: a mute button (its icon says whether this tile is the one heard) and a
     * volume slider, both remembered per camera.
     */
    private HBox soundControls() {
        FontIcon icon = new FontIcon();
        ToggleButton mute = new ToggleButton(null, icon);
        mute.setId("mute");
        mute.getStyleClass().addAll("flat", "tile-mute");
        mute.selectedProperty().bindBidirectional(model.mutedProperty());
        mute.setTooltip(new Tooltip("Mute this camera (only the selected camera is heard)"));
        Runnable showIcon = () -> icon.setIconCode(
                model.mutedProperty().get()
                        ? MaterialDesignV.VOLUME_OFF
                        : model.audibleProperty().get() ? MaterialDesignV.VOLUME_HIGH : MaterialDesignV.VOLUME_LOW);
        model.mutedProperty().addListener(observable -> showIcon.run());
        model.audibleProperty().addListener(observable -> showIcon.run());
        showIcon.run();
        Slider volume = new Slider(0, 1, model.volumeProperty().get());
        volume.setId("volume");
        volume.setPrefWidth(70);
        volume.setTooltip(new Tooltip("Volume of this camera"));
        volume.valueProperty().bindBidirectional(model.volumeProperty());
        volume.disableProperty().bind(model.mutedProperty());
        HBox controls = new HBox(2, mute, volume);
        controls.setAlignment(Pos.CENTER_LEFT);
        return controls;
    }

    public BooleanProperty statsVisibleProperty() {
        return statsVisible;
    }

    /** Draws the newest picture if there is one; called on every UI pulse. */
    void pulse() {
        VideoFrame frame = model.takeFrame();
        if (frame != null && model.statusProperty().get().state() == ConnectionState.LIVE) {
            renderer.draw(frame);
            if (!hasPicture) {
                hasPicture = true;
                statusPane.setVisible(false);
            }
        }
    }

    /** Refreshes the countdown and figures; called about once a second. */
    void tick(long nowMillis) {
        model.sample();
        ConnectionStatus status = model.statusProperty().get();
        if (status.state() != ConnectionState.LIVE) {
            advice.setText(StatusText.advice(status, nowMillis));
        }
        fallbackNotice.setText(StatusText.fallback(status, nowMillis));
    }

    private void showStatus(ConnectionStatus status) {
        String text = StatusText.headline(status);
        chip.setText(
                model.pairedProperty().get() && status.state() == ConnectionState.LIVE ? text + " · paired" : text);
        headline.setText(text);
        advice.setText(StatusText.advice(status, System.currentTimeMillis()));
        fallbackNotice.setText(StatusText.fallback(status, System.currentTimeMillis()));
        chip.getStyleClass().removeAll("live", "progress", "failed");
        chip.getStyleClass()
                .add(
                        status.state() == ConnectionState.LIVE
                                ? "live"
                                : status.state().inProgress() ? "progress" : "failed");
        statusIcon.setIconCode(iconFor(status.state()));
        boolean live = status.state() == ConnectionState.LIVE;
        retry.setVisible(!live && !status.state().inProgress());
        retry.setManaged(retry.isVisible());
        if (!live) {
            hasPicture = false;
            renderer.clear();
            statusPane.setVisible(true);
        } else if (!hasPicture) {
            headline.setText("Waiting for the first picture…");
            advice.setText("");
        }
    }

    private static Ikon iconFor(ConnectionState state) {
        return switch (state) {
            case LOOKING_UP, CONNECTING, PUNCHING -> MaterialDesignL.LAN_CONNECT;
            case LIVE -> MaterialDesignV.VIDEO;
            case OFFLINE -> MaterialDesignV.VIDEO_OFF;
            case WRONG_PASSWORD, PASSWORD_NEEDED, LOCKED_OUT -> MaterialDesignL.LOCK_ALERT;
            case BUSY -> MaterialDesignA.ACCOUNT_MULTIPLE;
            case UNREACHABLE -> MaterialDesignL.LAN_DISCONNECT;
            case CLOUD_LIMITED -> MaterialDesignC.CLOUD_ALERT;
            case NOT_AUTHENTIC, REFUSED -> MaterialDesignS.SHIELD_ALERT;
            case STOPPED -> MaterialDesignC.CAMERA_OFF;
        };
    }

    private void fitDecoder() {
        double scale = getScene() == null || getScene().getWindow() == null
                ? 1
                : getScene().getWindow().getRenderScaleX();
        model.supervisor()
                .fitPicturesWithin((int) Math.floor(getWidth() * scale), (int) Math.floor(getHeight() * scale));
    }
}
