package io.p2pcam.viewer.live;

import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.viewer.config.CameraEntry;
import io.p2pcam.viewer.config.TileSound;
import io.p2pcam.viewer.config.ViewerConfig;
import io.p2pcam.viewer.engine.audio.AudioDevices;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The view model of the live view: which cameras are on screen (one page of a 1, 4, 9 or 16 tile
 * grid, or one camera alone), the tile the user picked, and the connection of every tile on
 * screen. Only cameras on screen are connected: a tile's model (and its connection) is made when
 * the camera comes on screen and closed when it leaves. One tile is heard at a time, the target
 * (as NVR clients do), unless muted. {@link LiveGrid} only draws it.
 *
 * <p>No controls and no JavaFX thread needed: tests drive it directly. UI thread only (or one
 * test thread); the connections it starts report through {@code uiThread}.
 */
public final class GridModel {
    private final Connector connector;
    private final Executor uiThread;
    private final Map<CameraId, TileModel> onScreen = new LinkedHashMap<>();
    private final ObservableList<TileModel> tiles = FXCollections.observableArrayList();
    private final ObservableList<TileModel> tilesView = FXCollections.unmodifiableObservableList(tiles);
    private final IntegerProperty gridSize = new SimpleIntegerProperty(4);
    private final ReadOnlyIntegerWrapper slots = new ReadOnlyIntegerWrapper(4);
    private final ReadOnlyIntegerWrapper page = new ReadOnlyIntegerWrapper(0);
    private final ReadOnlyIntegerWrapper pageCount = new ReadOnlyIntegerWrapper(1);
    private final ReadOnlyObjectWrapper<CameraId> single = new ReadOnlyObjectWrapper<>();
    private final ObjectProperty<TileModel> selected = new SimpleObjectProperty<>();
    private final BooleanProperty statsVisible = new SimpleBooleanProperty();
    private List<CameraEntry> cameras = List.of();
    private Consumer<TileModel> onTileClosing = tile -> {};
    private final AudioDevices audio;
    private Function<CameraId, TileSound> soundSettings = id -> TileSound.DEFAULT;
    private BiConsumer<CameraId, TileSound> onSoundChanged = (id, sound) -> {};
    private Consumer<String> onNotice = message -> {};
    private final AtomicBoolean noOutputSaid = new AtomicBoolean();

    public GridModel(Connector connector, Executor uiThread) {
        this(connector, uiThread, AudioDevices.NONE);
    }

    /** A grid whose selected tile plays its camera's sound on {@code audio}'s output. */
    public GridModel(Connector connector, Executor uiThread, AudioDevices audio) {
        this.connector = connector;
        this.uiThread = uiThread;
        this.audio = audio;
        gridSize.addListener(observable -> {
            page.set(0);
            layout();
        });
        selected.addListener(observable -> followSound());
        single.addListener(observable -> followSound());
    }

    /** Where tiles find their remembered sound setting when they come on screen. */
    public void soundSettings(Function<CameraId, TileSound> lookup) {
        this.soundSettings = lookup;
    }

    /** Hears a tile's mute or volume change (to remember it). */
    public void onSoundChanged(BiConsumer<CameraId, TileSound> hook) {
        this.onSoundChanged = hook;
    }

    /** Hears what the user should be told (no sound output), on the UI thread. */
    public void onNotice(Consumer<String> hook) {
        this.onNotice = hook;
    }

    /** The tile whose sound plays, if any: the target (as NVR clients, one camera is heard at a time). */
    public Optional<TileModel> audibleTile() {
        return onScreen.values().stream()
                .filter(tile -> tile.audibleProperty().get())
                .findFirst();
    }

    /**
     * Only the target tile's sound plays (the one shown alone, else the one picked, else the only
     * one), and only if it is not muted.
     */
    private void followSound() {
        TileModel heard = target().filter(tile -> !tile.mutedProperty().get()).orElse(null);
        for (TileModel tile : onScreen.values()) {
            if (tile != heard) {
                tile.playSound(false, audio, () -> {});
            }
        }
        if (heard != null) {
            heard.playSound(true, audio, this::noOutput);
        }
    }

    private void noOutput() {
        if (noOutputSaid.compareAndSet(false, true)) {
            uiThread.execute(() -> onNotice.accept("No sound output device: the camera's sound is not played"));
        }
    }

    private TileModel newTile(CameraEntry camera) {
        TileModel tile = new TileModel(camera, soundSettings.apply(camera.id()), connector, uiThread);
        tile.mutedProperty().addListener(observable -> {
            onSoundChanged.accept(camera.id(), tile.sound());
            followSound();
        });
        tile.volumeProperty().addListener((observable, old, now) -> onSoundChanged.accept(camera.id(), tile.sound()));
        return tile;
    }

    /** Tiles per page (1, 4, 9 or 16); remembered in the config by the window. */
    public IntegerProperty gridSizeProperty() {
        return gridSize;
    }

    /** Places on screen now: 1 while one camera is shown alone, else the grid size. */
    public ReadOnlyIntegerProperty slotsProperty() {
        return slots.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty pageProperty() {
        return page.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty pageCountProperty() {
        return pageCount.getReadOnlyProperty();
    }

    /** The camera shown alone, or null for the grid. */
    public ReadOnlyObjectProperty<CameraId> singleProperty() {
        return single.getReadOnlyProperty();
    }

    /** The tile the user last clicked (snapshot and record act on it), or null. */
    public ObjectProperty<TileModel> selectedProperty() {
        return selected;
    }

    public BooleanProperty statsVisibleProperty() {
        return statsVisible;
    }

    /** The tiles on screen now, in order; changes as a whole list when the layout changes. */
    public ObservableList<TileModel> tiles() {
        return tilesView;
    }

    public Optional<TileModel> tile(CameraId id) {
        return Optional.ofNullable(onScreen.get(id));
    }

    /** Hears a tile about to close (its recording must be finished first). */
    public void onTileClosing(Consumer<TileModel> hook) {
        this.onTileClosing = hook;
    }

    /** The user's list changed: tiles follow it (a changed password or name reconnects that tile). */
    public void setCameras(List<CameraEntry> next) {
        cameras = List.copyOf(next);
        if (single.get() != null && cameras.stream().noneMatch(c -> c.id().equals(single.get()))) {
            single.set(null);
        }
        layout();
    }

    /** Every tile connects anew (the cloud changed). */
    public void reconnectAll() {
        List<CameraEntry> keep = cameras;
        setCameras(List.of());
        setCameras(keep);
    }

    /** The tile actions act on: the one shown alone, else the one last clicked, else the only one. */
    public Optional<TileModel> target() {
        if (single.get() != null) {
            return tile(single.get());
        }
        if (selected.get() != null) {
            return Optional.of(selected.get());
        }
        return onScreen.size() == 1 ? onScreen.values().stream().findFirst() : Optional.empty();
    }

    public boolean hasNextPage() {
        return page.get() + 1 < pageCount.get();
    }

    public boolean hasPreviousPage() {
        return page.get() > 0;
    }

    public void nextPage() {
        if (hasNextPage()) {
            page.set(page.get() + 1);
            layout();
        }
    }

    public void previousPage() {
        if (hasPreviousPage()) {
            page.set(page.get() - 1);
            layout();
        }
    }

    /** Shows one camera alone, or the grid again for null. */
    public void showSingle(CameraId id) {
        if (id == null ? single.get() != null : !id.equals(single.get())) {
            single.set(id);
            layout();
        }
    }

    /** Double-click: the camera alone, or back to the grid if it already is. */
    public void toggleSingle(CameraId id) {
        showSingle(single.get() == null ? id : null);
    }

    /** A layout button or shortcut: back to the grid, with {@code size} tiles a page. */
    public void showGrid(int size) {
        if (!ViewerConfig.GRID_SIZES.contains(size)) {
            throw new IllegalArgumentException("grid size " + size + " (one of " + ViewerConfig.GRID_SIZES + ")");
        }
        showSingle(null);
        gridSize.set(size);
    }

    /** Retries every tile on screen now (Ctrl+Shift+R). */
    public void retryAll() {
        onScreen.values().forEach(TileModel::retry);
    }

    /** How many tiles on screen are live. */
    public long liveCount() {
        return onScreen.values().stream().filter(TileModel::isLive).count();
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

    private void layout() {
        List<CameraEntry> visible = visibleCameras();
        Map<CameraId, TileModel> kept = new LinkedHashMap<>();
        for (CameraEntry camera : visible) {
            TileModel tile = onScreen.remove(camera.id());
            if (tile != null
                    && !tile.camera().equals(camera)
                    && !tile.camera().withoutPassword().equals(camera)) {
                close(tile); // password or name changed: connect anew (not when the password is forgotten)
                tile = null;
            }
            kept.put(camera.id(), tile != null ? tile : newTile(camera));
        }
        for (TileModel gone : onScreen.values()) {
            close(gone);
        }
        onScreen.clear();
        onScreen.putAll(kept);
        if (selected.get() != null && !onScreen.containsValue(selected.get())) {
            selected.set(null);
        }
        slots.set(single.get() != null ? 1 : gridSize.get());
        tiles.setAll(new ArrayList<>(onScreen.values()));
        followSound();
    }

    private CompletableFuture<Void> close(TileModel tile) {
        onTileClosing.accept(tile);
        return tile.closeInBackground();
    }

    /** Closes every connection (in parallel); the future completes when all have said goodbye. */
    public CompletableFuture<Void> closeAll() {
        CompletableFuture<?>[] closing =
                onScreen.values().stream().map(this::close).toArray(CompletableFuture[]::new);
        onScreen.clear();
        tiles.clear();
        selected.set(null);
        return CompletableFuture.allOf(closing);
    }
}
