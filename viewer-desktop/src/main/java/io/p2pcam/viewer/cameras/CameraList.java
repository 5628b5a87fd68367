package io.p2pcam.viewer.cameras;

import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.runtime.UserFiles;
import io.p2pcam.viewer.config.CameraEntry;
import io.p2pcam.viewer.config.ConfigStore;
import io.p2pcam.viewer.config.ViewerConfig;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The view model behind the camera list: the user's cameras and settings as they are saved.
 * Every change is written to the {@link ConfigStore} at once; a failed write shows in
 * {@link #saveErrorProperty()}, is told to {@link #onSaveFailed} every time (a read-only folder
 * fails each save the same way, and each change the user makes is one more that is not kept) and
 * is logged when it differs from the last, and the change stays in memory for this run.
 *
 * <p>UI thread only.
 */
public final class CameraList {
    private static final Logger log = LoggerFactory.getLogger(CameraList.class);

    private final ConfigStore store;
    private final StringProperty saveError = new SimpleStringProperty("");
    private final ObservableList<CameraEntry> cameras = FXCollections.observableArrayList();
    // One wrapper for everyone: a wrapper holds its listeners weakly, so a fresh one per call would
    // let listeners vanish with it.
    private final ObservableList<CameraEntry> readOnlyCameras = FXCollections.unmodifiableObservableList(cameras);
    private final ObjectProperty<ViewerConfig> config = new SimpleObjectProperty<>();
    private Consumer<String> saveFailed = problem -> {};

    public CameraList(ConfigStore store) {
        this.store = store;
        ViewerConfig loaded = store.load();
        config.set(loaded);
        cameras.setAll(loaded.cameras());
    }

    public ObservableList<CameraEntry> cameras() {
        return readOnlyCameras;
    }

    /** What could not be used of the saved file at start, in one line for the user, or empty. */
    public String loadProblem() {
        return store.loadProblem();
    }

    /** Why the last save failed, or empty. */
    public ReadOnlyStringProperty saveErrorProperty() {
        return saveError;
    }

    /** Hears every save that fails, with the line for the user (the same line again for the same failure). */
    public void onSaveFailed(Consumer<String> listener) {
        saveFailed = listener;
    }

    public ObjectProperty<ViewerConfig> configProperty() {
        return config;
    }

    public ViewerConfig config() {
        return config.get();
    }

    public List<CameraId> ids() {
        return cameras.stream().map(CameraEntry::id).toList();
    }

    /** Adds the camera, or replaces the one with its ID (edit, rename). */
    public void put(CameraEntry camera) {
        update(config.get().withCamera(camera));
    }

    public void remove(CameraId id) {
        update(config.get()
                .withCameras(cameras.stream().filter(c -> !c.id().equals(id)).toList()));
    }

    /** Saves another configuration (settings, layout) and refreshes the list. */
    public void update(ViewerConfig next) {
        config.set(next);
        if (!cameras.equals(next.cameras())) {
            cameras.setAll(next.cameras());
        }
        try {
            store.save(next);
            // Cleared, so that the same failure later is told again.
            saveError.set("");
        } catch (IOException e) {
            // Java's file exceptions carry only a path: say what went wrong.
            String problem = "Cannot save your cameras to " + store.file() + ": " + UserFiles.describe(e)
                    + "; changes last only until the viewer closes";
            if (!problem.equals(saveError.get())) {
                log.warn("{}", problem);
            }
            saveError.set(problem);
            saveFailed.accept(problem);
        }
    }
}
