package io.p2pcam.viewer.live;

import io.p2pcam.viewer.engine.audio.AudioDevices;
import io.p2pcam.viewer.engine.audio.Microphone;
import io.p2pcam.viewer.engine.audio.Talkback;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ChangeListener;

/**
 * The view model of talkback (docs/PROTOCOL.md §10.7): hold the Talk button (or the T key) to talk
 * to the target tile's camera, microphone → Opus → camera, with a level meter; release to stop.
 * Only a live tile can be talked to (the camera admitted us: that is what makes talk reach its
 * speaker); when there is no microphone, or no camera picked, the user is told in one line.
 *
 * <p>UI thread only (or one test thread). The talking itself runs on {@link Talkback}'s thread.
 */
public final class TalkModel {
    private final GridModel grid;
    private final AudioDevices audio;
    private final SecureRandom random;
    private final ReadOnlyBooleanWrapper talking = new ReadOnlyBooleanWrapper();
    private final ReadOnlyDoubleWrapper level = new ReadOnlyDoubleWrapper();
    private final ReadOnlyObjectWrapper<TileModel> talkingTo = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<String> floorHeldBy = new ReadOnlyObjectWrapper<>();
    /** What the Talk button's side says while we are not heard ("Bob is talking…", "…took over…"), or null. */
    private final ReadOnlyObjectWrapper<String> floorNotice = new ReadOnlyObjectWrapper<>();

    private final LongSupplier nanoTime;
    private final ChangeListener<TileModel.TalkRefusal> onRefusal = (observable, old, refusal) -> refused(refusal);
    private Consumer<String> onNotice = message -> {};
    private Talkback talkback;
    private long refusedAtNanos;

    /**
     * A camera that stops refusing for this long has let us have the floor (it tells a refused
     * viewer every 250 ms, docs/PROTOCOL.md §10.7, so a few notices may be lost in between).
     */
    static final long REFUSAL_GONE_NANOS = TimeUnit.SECONDS.toNanos(1);

    public TalkModel(GridModel grid, AudioDevices audio, SecureRandom random) {
        this(grid, audio, random, System::nanoTime);
    }

    TalkModel(GridModel grid, AudioDevices audio, SecureRandom random, LongSupplier nanoTime) {
        this.grid = grid;
        this.audio = audio;
        this.random = random;
        this.nanoTime = nanoTime;
    }

    /** Hears what the user should be told (nothing to talk to, no microphone). */
    public void onNotice(Consumer<String> hook) {
        this.onNotice = hook;
    }

    /** Whether the microphone is open and going to a camera. */
    public ReadOnlyBooleanProperty talkingProperty() {
        return talking.getReadOnlyProperty();
    }

    /** The microphone's level, 0 (silence, -60 dBFS) to 1 (full scale), while talking; else 0. */
    public ReadOnlyDoubleProperty levelProperty() {
        return level.getReadOnlyProperty();
    }

    /** The tile being talked to, or null. */
    public ReadOnlyObjectProperty<TileModel> talkingToProperty() {
        return talkingTo.getReadOnlyProperty();
    }

    /**
     * While talking: the viewer the camera says holds its talk floor (its own name for itself, or
     * "another viewer"), so that we are not heard; null when we are (or not talking).
     */
    public ReadOnlyObjectProperty<String> floorHeldByProperty() {
        return floorHeldBy.getReadOnlyProperty();
    }

    /**
     * What to show beside the Talk button while the camera does not play us: who talks, or that the
     * camera's owner took the talk over (docs/PROTOCOL.md §10.7); null while we are heard.
     */
    public ReadOnlyObjectProperty<String> floorNoticeProperty() {
        return floorNotice.getReadOnlyProperty();
    }

    /** The Talk button pressed (or the T key; repeats while held are ignored). */
    public void startTalking() {
        if (talkback != null) {
            return;
        }
        Optional<TileModel> target = grid.target();
        if (target.isEmpty()) {
            onNotice.accept("Click a camera first, then hold Talk");
            return;
        }
        TileModel tile = target.get();
        if (!tile.isLive()) {
            onNotice.accept(tile.camera().name() + " is not live: there is nobody to talk to");
            return;
        }
        Optional<Microphone> microphone = audio.openMicrophone();
        if (microphone.isEmpty()) {
            onNotice.accept("No microphone: talking to a camera needs a sound input device");
            return;
        }
        talkback = new Talkback(microphone.get(), rtp -> tile.supervisor().talk(rtp), random);
        tile.talkRefusalProperty().addListener(onRefusal);
        talkingTo.set(tile);
        talking.set(true);
    }

    /** The Talk button released: the microphone closes (off the UI thread, within a frame). */
    public void stopTalking() {
        Talkback stopping = talkback;
        if (stopping == null) {
            return;
        }
        talkback = null;
        Thread.startVirtualThread(stopping::close);
        TileModel tile = talkingTo.get();
        if (tile != null) {
            tile.talkRefusalProperty().removeListener(onRefusal);
        }
        floorHeldBy.set(null);
        floorNotice.set(null);
        talking.set(false);
        talkingTo.set(null);
        level.set(0);
    }

    /** Updates the meter (the window calls it every few tens of ms); stops if the tile went away. */
    public void refreshLevel() {
        Talkback current = talkback;
        if (current == null) {
            return;
        }
        TileModel tile = talkingTo.get();
        if (!current.talking()
                || tile == null
                || !tile.isLive()
                || !grid.tiles().contains(tile)) {
            stopTalking();
            return;
        }
        level.set(current.level());
        if (floorHeldBy.get() != null && nanoTime.getAsLong() - refusedAtNanos > REFUSAL_GONE_NANOS) {
            floorHeldBy.set(null); // the other viewer stopped: we are heard now
            floorNotice.set(null);
        }
    }

    /** The camera refused our talk (UI thread): say who holds the floor, once per press. */
    private void refused(TileModel.TalkRefusal refusal) {
        if (refusal == null || talkback == null) {
            return;
        }
        refusedAtNanos = nanoTime.getAsLong();
        String holder = refusal.holder().isBlank() ? "another viewer" : refusal.holder();
        String notice = refusal.takenOver()
                ? holder + ", the camera's owner, took over the talk: you are not heard"
                : holder + " is talking: you are not heard";
        if (!notice.equals(floorNotice.get())) {
            floorHeldBy.set(holder);
            floorNotice.set(notice);
            TileModel tile = talkingTo.get();
            String camera = tile == null ? "the camera" : tile.camera().name();
            onNotice.accept(
                    refusal.takenOver()
                            ? holder + ", the camera's owner, took over the talk to " + camera
                                    + ": you are not heard until they stop"
                            : holder + " is talking to " + camera + ": you are not heard until they stop");
        }
    }

    /** Frames handed to the connection during the current talk (0 when not talking). */
    public long framesSent() {
        Talkback current = talkback;
        return current == null ? 0 : current.frames();
    }
}
