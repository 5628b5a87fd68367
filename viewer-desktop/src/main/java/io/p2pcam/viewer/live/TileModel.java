package io.p2pcam.viewer.live;

import io.p2pcam.viewer.config.CameraEntry;
import io.p2pcam.viewer.config.TileSound;
import io.p2pcam.viewer.engine.audio.AudioDevices;
import io.p2pcam.viewer.engine.audio.AudioSink;
import io.p2pcam.viewer.engine.audio.GainSink;
import io.p2pcam.viewer.engine.connection.CameraConnection;
import io.p2pcam.viewer.engine.connection.CameraSupervisor;
import io.p2pcam.viewer.engine.connection.ConnectionState;
import io.p2pcam.viewer.engine.connection.ConnectionStatus;
import io.p2pcam.viewer.engine.frame.VideoFrame;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The view model of one tile: one camera's supervised connection and what the tile shows of it
 * (status, figures). No controls here; {@link CameraTile} draws it.
 *
 * <p>Threads: properties change on the UI thread only; the supervisor's status arrives on engine
 * threads and is handed over through {@code uiThread}. {@link #takeFrame()} and {@link #sample()}
 * are for the UI thread.
 */
public final class TileModel implements AutoCloseable {
    private final CameraEntry camera;
    private final ObjectProperty<ConnectionStatus> status = new SimpleObjectProperty<>(ConnectionStatus.starting(1));
    private final ObjectProperty<TileStats> stats = new SimpleObjectProperty<>(TileStats.NONE);
    private final CameraSupervisor supervisor;
    private final BooleanProperty paired = new SimpleBooleanProperty();
    private final BooleanProperty recording = new SimpleBooleanProperty();
    private final StringProperty recordingPaused = new SimpleStringProperty("");
    private final BooleanProperty muted = new SimpleBooleanProperty();
    private final DoubleProperty volume = new SimpleDoubleProperty(1.0);
    private final ReadOnlyBooleanWrapper audible = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<TalkRefusal> talkRefusal = new ReadOnlyObjectWrapper<>();
    private long talkRefusals;
    /** The volume for the player's thread (a property is for the UI thread only). */
    private volatile double playingVolume = 1.0;

    private long shown;
    private long lastCaptureMicros = -1;
    private long lastShownMicros;
    private int width;
    private int height;
    private TileStats.Sample previous;

    public TileModel(CameraEntry camera, Connector connector, Executor uiThread) {
        this(camera, TileSound.DEFAULT, connector, uiThread);
    }

    /** A tile whose sound starts as {@code sound} (remembered in the config). */
    public TileModel(CameraEntry camera, TileSound sound, Connector connector, Executor uiThread) {
        this.camera = camera;
        this.muted.set(sound.muted());
        this.volume.set(sound.volume());
        this.playingVolume = sound.volume();
        volume.addListener((observable, old, now) -> playingVolume = Math.clamp(now.doubleValue(), 0, 1));
        this.supervisor = connector.connect(camera, new CameraSupervisor.Listener() {
            @Override
            public void statusChanged(ConnectionStatus next) {
                uiThread.execute(() -> status.set(next));
            }

            @Override
            public void paired(boolean yes) {
                uiThread.execute(() -> paired.set(yes));
            }

            @Override
            public void talkRefused(String holder, boolean takenOver) {
                uiThread.execute(() -> talkRefusal.set(new TalkRefusal(holder, takenOver, ++talkRefusals)));
            }
        });
    }

    public CameraEntry camera() {
        return camera;
    }

    /**
     * The camera refused our talk: another viewer, {@code holder} (empty if unnamed), holds its talk
     * floor; the camera's owner, who took it from us, if {@code takenOver}. {@code count} grows with
     * every notice, so each one is a change.
     */
    public record TalkRefusal(String holder, boolean takenOver, long count) {}

    /** The camera's latest talk refusal, null before any (docs/PROTOCOL.md §10.7). */
    public ReadOnlyObjectProperty<TalkRefusal> talkRefusalProperty() {
        return talkRefusal.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ConnectionStatus> statusProperty() {
        return status;
    }

    /** Whether the camera said, when it last admitted us, that it keeps our key (the tile shows it). */
    public ReadOnlyBooleanProperty pairedProperty() {
        return paired;
    }

    /** Whether this tile is being recorded to a file (the tile shows a mark). */
    public BooleanProperty recordingProperty() {
        return recording;
    }

    /**
     * What the tile's recording, having lost its file, waits for to go on in a new one ("folder
     * gone", "disk full": the mark says "paused" and why); empty while a file is written or no
     * recording runs.
     */
    public StringProperty recordingPausedProperty() {
        return recordingPaused;
    }

    /** The tile's mute button: muted, its sound does not play even when it is the selected tile. */
    public BooleanProperty mutedProperty() {
        return muted;
    }

    /** The tile's volume, 0 to 1: applies at once to the sound playing. */
    public DoubleProperty volumeProperty() {
        return volume;
    }

    /** Whether this tile's sound is playing (selected and not muted; the tile shows a speaker). */
    public ReadOnlyBooleanProperty audibleProperty() {
        return audible.getReadOnlyProperty();
    }

    /** The sound setting to remember. */
    public TileSound sound() {
        return new TileSound(muted.get(), volume.get());
    }

    /**
     * Plays this camera's sound on outputs from {@code devices} (one per connection, at this tile's
     * volume) or stops it. {@code noOutput} hears, on a connection's thread, that there was none.
     * UI thread.
     */
    void playSound(boolean on, AudioDevices devices, Runnable noOutput) {
        if (on == audible.get()) {
            return;
        }
        audible.set(on);
        supervisor.playSound(
                on
                        ? () -> devices.openOutput()
                                .<AudioSink>map(sink -> new GainSink(sink, () -> playingVolume))
                                .orElseGet(() -> {
                                    noOutput.run();
                                    return null;
                                })
                        : null);
    }

    public boolean isLive() {
        return status.get().state() == ConnectionState.LIVE;
    }

    public ReadOnlyObjectProperty<TileStats> statsProperty() {
        return stats;
    }

    public CameraSupervisor supervisor() {
        return supervisor;
    }

    /** The tile's retry button. */
    public void retry() {
        supervisor.retryNow();
    }

    /** The newest picture to draw, or null if none came since the last pulse. UI thread. */
    public VideoFrame takeFrame() {
        VideoFrame frame = supervisor.takeLatest();
        if (frame != null) {
            shown++;
            width = frame.width();
            height = frame.height();
            if (frame.captureMicros() >= 0) {
                lastCaptureMicros = frame.captureMicros();
                lastShownMicros = nowMicros();
            }
        }
        return frame;
    }

    /** Pictures handed to the screen so far. */
    public long shownCount() {
        return shown;
    }

    /** Updates the figures from the counters; call about once a second. UI thread. */
    public void sample() {
        CameraConnection connection = supervisor.connection();
        TileStats.Sample now = new TileStats.Sample(
                System.nanoTime(),
                shown,
                supervisor.mediaBytes(),
                connection == null || connection.pipeline() == null
                        ? null
                        : connection.pipeline().stats(),
                connection == null ? null : connection.mediaStats());
        if (previous != null) {
            double latency = lastCaptureMicros < 0 ? -1 : (lastShownMicros - lastCaptureMicros) / 1000.0;
            String decoder = connection == null || connection.pipeline() == null
                    ? ""
                    : connection.pipeline().decoderName();
            String stream = connection == null
                    ? ""
                    : StreamShown.describe(
                            connection.tileStream(),
                            connection.askedStream(),
                            connection.listedStreams(),
                            status.get().onSubStream());
            stats.set(TileStats.between(previous, now, latency, width, height)
                    .withDecoder(decoder)
                    .withStream(stream));
        }
        previous = now;
        if (status.get().state() != ConnectionState.LIVE) {
            lastCaptureMicros = -1;
        }
    }

    private static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }

    /** Disconnects without holding up the calling (UI) thread. */
    public CompletableFuture<Void> closeInBackground() {
        return supervisor.closeInBackground();
    }

    @Override
    public void close() {
        supervisor.close();
    }
}
