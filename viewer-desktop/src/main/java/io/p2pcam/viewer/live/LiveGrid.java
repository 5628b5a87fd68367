package io.p2pcam.viewer.live;

import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.viewer.config.CameraEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import javafx.animation.AnimationTimer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.StackPane;

/**
 * The live view: one page of cameras as a grid of 1, 4, 9 or 16 tiles, or one camera alone
 * (double-click a tile; double-click again to go back). Only cameras on screen are connected:
 * a tile's connection starts when it appears and stops when it leaves.
 *
 * <p>One {@link AnimationTimer} draws every tile's newest picture on each UI pulse
 * (latest-frame-wins: pictures that arrive between pulses are skipped by the engine, never
 * queued); once a second each tile refreshes its figures and countdown.
 */
public final class LiveGrid extends GridPane implements AutoCloseable {
    private final Connector connector;
    private final Executor uiThread;
    private final Map<CameraId, CameraTile> tiles = new LinkedHashMap<>();
    private final IntegerProperty gridSize = new SimpleIntegerProperty(4);
    private final ReadOnlyIntegerWrapper page = new ReadOnlyIntegerWrapper(0);
    private final ReadOnlyIntegerWrapper pageCount = new ReadOnlyIntegerWrapper(1);
    private final ObjectProperty<CameraId> single = new SimpleObjectProperty<>();
    private final ObjectProperty<CameraTile> selected = new SimpleObjectProperty<>();
    private final BooleanProperty statsVisible = new SimpleBooleanProperty();
    private final AnimationTimer pulse;
    private List<CameraEntry> cameras = List.of();
    private Consumer<CameraTile> onTileAdded = tile -> {};
    private Consumer<CameraTile> onTileRemoved = tile -> {};
    private long lastTick;

    public LiveGrid(Connector connector, Executor uiThread) {
        this.connector = connector;
        this.uiThread = uiThread;
        getStyleClass().add("live-grid");
        setId("live-grid");
        setHgap(2);
        setVgap(2);
        gridSize.addListener(observable -> {
            page.set(0);
            layoutTiles();
        });
        single.addListener(observable -> layoutTiles());
        pulse = new AnimationTimer() {
            @Override
            public void handle(long now) {
                for (CameraTile tile : tiles.values()) {
                    tile.pulse();
                }
                if (now - lastTick >= 1_000_000_000L) {
                    lastTick = now;
                    long wallClock = System.currentTimeMillis();
                    for (CameraTile tile : tiles.values()) {
                        tile.tick(wallClock);
                    }
                }
            }
        };
        pulse.start();
    }

    public IntegerProperty gridSizeProperty() {
        return gridSize;
    }

    public ReadOnlyIntegerProperty pageProperty() {
        return page.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty pageCountProperty() {
        return pageCount.getReadOnlyProperty();
    }

    public ObjectProperty<CameraId> singleProperty() {
        return single;
    }

    /** The tile the user last clicked (snapshot and record act on it), or null. */
    public ObjectProperty<CameraTile> selectedProperty() {
        return selected;
    }

    public BooleanProperty statsVisibleProperty() {
        return statsVisible;
    }

    /** The tiles on screen now, in order. */
    public List<CameraTile> tiles() {
        return List.copyOf(tiles.values());
    }

    public Optional<CameraTile> tile(CameraId id) {
        return Optional.ofNullable(tiles.get(id));
    }

    /** The user's list changed: tiles follow it (a changed password or name reconnects that tile). */
    public void setCameras(List<CameraEntry> next) {
        cameras = List.copyOf(next);
        if (single.get() != null && cameras.stream().noneMatch(c -> c.id().equals(single.get()))) {
            single.set(null);
        }
        layoutTiles();
    }

    /** Hooks for the window: a new tile appeared (add menus), a tile is about to close (finish recordings). */
    public void onTiles(Consumer<CameraTile> added, Consumer<CameraTile> removed) {
        this.onTileAdded = added;
        this.onTileRemoved = removed;
    }

    /** The tile actions act on: the one shown alone, else the one last clicked, else the only one. */
    public Optional<CameraTile> target() {
        if (single.get() != null) {
            return tile(single.get());
        }
        if (selected.get() != null) {
            return Optional.of(selected.get());
        }
        return tiles.size() == 1 ? tiles.values().stream().findFirst() : Optional.empty();
    }

    public void nextPage() {
        if (page.get() + 1 < pageCount.get()) {
            page.set(page.get() + 1);
            layoutTiles();
        }
    }

    public void previousPage() {
        if (page.get() > 0) {
            page.set(page.get() - 1);
            layoutTiles();
        }
    }

    /** Shows one camera alone, or the grid again for null. */
    public void showSingle(CameraId id) {
        single.set(id);
    }

    private List<CameraEntry> visibleCameras() {
        if (single.get() != null) {
            return cameras.stream().filter(c -> c.id().equals(single.get())).toList();
        }
        int perPage = gridSize.get();
        pageCount.set(Math.max(1, (cameras.size() + perPage - 1) / perPage));
        if (page.get() >= pageCount.get()) {
            page.set(pageCount.get() - 1);
        }
        int from = page.get() * perPage;
        return cameras.subList(Math.min(from, cameras.size()), Math.min(from + perPage, cameras.size()));
    }

    private void layoutTiles() {
        List<CameraEntry> visible = visibleCameras();
        Map<CameraId, CameraTile> kept = new LinkedHashMap<>();
        for (CameraEntry camera : visible) {
            CameraTile tile = tiles.remove(camera.id());
            if (tile != null
                    && !tile.model().camera().equals(camera)
                    && !tile.model().camera().withoutPassword().equals(camera)) {
                closeTile(tile); // password or name changed: connect anew (not when the password is forgotten)
                tile = null;
            }
            kept.put(camera.id(), tile != null ? tile : newTile(camera));
        }
        for (CameraTile gone : tiles.values()) {
            closeTile(gone);
        }
        tiles.clear();
        tiles.putAll(kept);
        if (selected.get() != null && !tiles.containsValue(selected.get())) {
            selected.set(null);
        }
        arrange(single.get() != null ? 1 : gridSize.get());
    }

    private CameraTile newTile(CameraEntry camera) {
        TileModel model = new TileModel(camera, connector, uiThread);
        CameraTile tile = new CameraTile(model, () -> showSingle(single.get() == null ? camera.id() : null));
        tile.statsVisibleProperty().bind(statsVisible);
        tile.addEventFilter(MouseEvent.MOUSE_PRESSED, event -> selected.set(tile));
        onTileAdded.accept(tile);
        return tile;
    }

    private CompletableFuture<Void> closeTile(CameraTile tile) {
        onTileRemoved.accept(tile);
        return tile.model().closeInBackground();
    }

    private void arrange(int slots) {
        int side = (int) Math.round(Math.sqrt(slots));
        getChildren().clear();
        getColumnConstraints().clear();
        getRowConstraints().clear();
        for (int i = 0; i < side; i++) {
            ColumnConstraints column = new ColumnConstraints();
            column.setPercentWidth(100.0 / side);
            column.setHgrow(Priority.ALWAYS);
            getColumnConstraints().add(column);
            RowConstraints row = new RowConstraints();
            row.setPercentHeight(100.0 / side);
            row.setVgrow(Priority.ALWAYS);
            getRowConstraints().add(row);
        }
        List<CameraTile> ordered = new ArrayList<>(tiles.values());
        for (int i = 0; i < side * side; i++) {
            Region cell = i < ordered.size() ? ordered.get(i) : emptySlot();
            cell.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
            add(cell, i % side, i / side);
        }
    }

    /** A free place in the grid, drawn like a dark monitor so that the layout reads at a glance. */
    private static Region emptySlot() {
        StackPane slot = new StackPane();
        slot.getStyleClass().add("empty-slot");
        return slot;
    }

    /** Closes every connection and stops drawing. */
    @Override
    public void close() {
        pulse.stop();
        // In parallel, and briefly waited for, so that every camera hears goodbye before we exit.
        CompletableFuture<?>[] closing =
                tiles.values().stream().map(this::closeTile).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(closing).get(3, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // Leaving anyway: cameras notice silence after a few seconds.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tiles.clear();
        getChildren().clear();
    }
}
