package io.p2pcam.viewer.cameras;

import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.runtime.LanBrowser;
import io.p2pcam.viewer.engine.connection.LanAnnouncements;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Add camera dialog's list of the cameras announced on this network that are not in the
 * viewer's list yet, and under it how many announcements were ignored (docs/PROTOCOL.md §10.8: a
 * flood of forged ones shows as this count, not as a list of fakes). It listens to both: the count
 * is shown as it grows, not only when the list changes (during a flood from one address the list
 * does not change at all).
 *
 * <p>Changes arrive on the browser's threads and are applied on {@code uiThread}; the count, which
 * a flood raises thousands of times a second, is handed over at most once per run of {@code
 * uiThread}'s queue (the latest count wins). Read the properties on {@code uiThread} only.
 */
public final class FoundCamerasModel {
    private final Set<CameraId> known;
    private final Executor uiThread;
    private final ObservableList<LanBrowser.Found> cameras = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper ignoredMessage = new ReadOnlyStringWrapper("");
    private final AtomicLong latestIgnored = new AtomicLong();
    private final AtomicBoolean ignoredQueued = new AtomicBoolean();

    /**
     * @param known the IDs already in the viewer's list (not listed here)
     * @param uiThread where the properties change (the JavaFX thread; a test's own)
     */
    public FoundCamerasModel(Collection<CameraId> known, Executor uiThread) {
        this.known = Set.copyOf(known);
        this.uiThread = uiThread;
    }

    /** Shows what {@code lan} has found and ignored, and listens to it until the returned action is run. */
    public Runnable listenTo(LanAnnouncements lan) {
        Runnable unsubscribeFound = lan.subscribe(this::foundChanged);
        Runnable unsubscribeIgnored = lan.subscribeIgnored(this::ignoredChanged);
        foundChanged(lan.found());
        ignoredChanged(lan.ignoredAnnouncements());
        return () -> {
            unsubscribeFound.run();
            unsubscribeIgnored.run();
        };
    }

    /** The cameras found, not in the viewer's list, in the order found. */
    public ObservableList<LanBrowser.Found> cameras() {
        return FXCollections.unmodifiableObservableList(cameras);
    }

    /** "N more announcements ignored (…)", or empty when none was. */
    public ReadOnlyStringProperty ignoredMessageProperty() {
        return ignoredMessage.getReadOnlyProperty();
    }

    private void foundChanged(List<LanBrowser.Found> found) {
        List<LanBrowser.Found> shown =
                found.stream().filter(camera -> !known.contains(camera.id())).toList();
        uiThread.execute(() -> cameras.setAll(shown));
    }

    private void ignoredChanged(long count) {
        latestIgnored.accumulateAndGet(count, Math::max); // counts only grow; a late, older one loses
        if (ignoredQueued.compareAndSet(false, true)) {
            uiThread.execute(() -> {
                ignoredQueued.set(false);
                long latest = latestIgnored.get();
                ignoredMessage.set(
                        latest == 0 ? "" : latest + " more announcements ignored (too many from one address)");
            });
        }
    }
}
