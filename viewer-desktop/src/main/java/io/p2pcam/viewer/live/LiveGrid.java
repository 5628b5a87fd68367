package io.p2pcam.viewer.live;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import javafx.animation.AnimationTimer;
import javafx.collections.ListChangeListener;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.StackPane;

/**
 * Draws a {@link GridModel}: one {@link CameraTile} per tile on screen, laid out as a square grid
 * (free places drawn as dark monitors). Holds no paging, selection or connection logic.
 *
 * <p>One {@link AnimationTimer} draws every tile's newest picture on each UI pulse
 * (latest-frame-wins: pictures that arrive between pulses are skipped by the engine, never
 * queued); once a second each tile refreshes its figures and countdown.
 */
public final class LiveGrid extends GridPane implements AutoCloseable {
    private final GridModel model;
    private final Map<TileModel, CameraTile> views = new IdentityHashMap<>();
    private final AnimationTimer pulse;
    private Consumer<CameraTile> onTileAdded = tile -> {};
    private long lastTick;

    public LiveGrid(GridModel model) {
        this.model = model;
        getStyleClass().add("live-grid");
        setId("live-grid");
        setHgap(2);
        setVgap(2);
        model.tiles().addListener((ListChangeListener<TileModel>) change -> follow());
        pulse = new AnimationTimer() {
            @Override
            public void handle(long now) {
                for (CameraTile tile : views.values()) {
                    tile.pulse();
                }
                if (now - lastTick >= 1_000_000_000L) {
                    lastTick = now;
                    long wallClock = System.currentTimeMillis();
                    for (CameraTile tile : views.values()) {
                        tile.tick(wallClock);
                    }
                }
            }
        };
        pulse.start();
        follow();
    }

    public GridModel model() {
        return model;
    }

    /** Hook for the window: a new tile appeared (it adds the tile's menu). */
    public void onTileAdded(Consumer<CameraTile> added) {
        this.onTileAdded = added;
    }

    /** The tiles drawn now, in order. */
    public List<CameraTile> tiles() {
        return model.tiles().stream().map(views::get).toList();
    }

    private void follow() {
        Map<TileModel, CameraTile> kept = new IdentityHashMap<>();
        for (TileModel tile : model.tiles()) {
            CameraTile view = views.remove(tile);
            kept.put(tile, view != null ? view : newView(tile));
        }
        views.clear();
        views.putAll(kept);
        arrange(model.slotsProperty().get());
    }

    private CameraTile newView(TileModel tile) {
        CameraTile view =
                new CameraTile(tile, () -> model.toggleSingle(tile.camera().id()));
        view.statsVisibleProperty().bind(model.statsVisibleProperty());
        view.addEventFilter(
                MouseEvent.MOUSE_PRESSED, event -> model.selectedProperty().set(tile));
        onTileAdded.accept(view);
        return view;
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
        List<CameraTile> ordered = new ArrayList<>(tiles());
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
        try {
            model.closeAll().get(3, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // Leaving anyway: cameras notice silence after a few seconds.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        views.clear();
        getChildren().clear();
    }
}
