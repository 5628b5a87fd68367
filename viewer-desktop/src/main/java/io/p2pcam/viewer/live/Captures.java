package io.p2pcam.viewer.live;

import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.viewer.engine.connection.CameraSupervisor;
import io.p2pcam.viewer.engine.record.CaptureFileNames;
import io.p2pcam.viewer.engine.record.Mp4Recorder;
import io.p2pcam.viewer.engine.record.Recording;
import io.p2pcam.viewer.engine.record.RecordingException;
import io.p2pcam.viewer.engine.record.SnapshotWriter;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Snapshots (PNG, full picture size) and recordings (MP4, the camera's H.264 and Opus sound
 * remuxed, not re-encoded) of the tiles on screen. File work happens on a worker thread; the outcome, in
 * words, reaches {@code report} on the UI thread.
 *
 * <p>UI thread only, except where noted.
 */
public final class Captures implements AutoCloseable {
    private final CaptureFileNames names;
    private final ExecutorService files;
    private final Executor uiThread;
    private final Consumer<String> report;
    private final Map<CameraId, Mp4Recorder> recorders = new HashMap<>();

    public Captures(CaptureFileNames names, ExecutorService files, Executor uiThread, Consumer<String> report) {
        this.names = names;
        this.files = files;
        this.uiThread = uiThread;
        this.report = report;
    }

    /** Saves the tile's next picture as a PNG in the user's pictures folder. */
    public void snapshot(TileModel tile) {
        String name = tile.camera().name();
        Path file = names.newSnapshot(name);
        boolean asked = tile.supervisor().captureNextPicture(frame -> {
            BufferedImage image = SnapshotWriter.copy(frame); // on the decode thread: the frame is lent
            files.execute(() -> {
                try {
                    SnapshotWriter.write(image, file);
                    tell("Snapshot of " + name + " saved to " + file);
                } catch (RecordingException e) {
                    tell("Snapshot of " + name + " failed: " + e.getMessage());
                }
            });
        });
        if (!asked) {
            report.accept("No picture from " + name + " yet to take a snapshot of");
        }
    }

    public boolean isRecording(TileModel tile) {
        return recorders.containsKey(tile.camera().id());
    }

    /** Starts recording the tile, or stops and finishes the file if it is recording. */
    public void toggleRecording(TileModel tile) {
        CameraId id = tile.camera().id();
        String name = tile.camera().name();
        CameraSupervisor supervisor = tile.supervisor();
        Mp4Recorder running = recorders.remove(id);
        if (running != null) {
            supervisor.tapAccessUnits(null);
            supervisor.tapAudio(null);
            tile.recordingProperty().set(false);
            files.execute(() -> finish(name, running));
            return;
        }
        try {
            Mp4Recorder recorder = Mp4Recorder.start(names.newRecording(name));
            // Disk full or folder gone: stop at once and say why, rather than show "recording" on.
            recorder.whenFailed(e -> uiThread.execute(() -> recordingFailed(tile, recorder)));
            recorders.put(id, recorder);
            supervisor.tapAudio(recorder::acceptAudio);
            supervisor.tapAccessUnits(recorder::accept);
            supervisor.requestKeyframe(); // the file starts at a keyframe: ask for one now
            tile.recordingProperty().set(true);
            report.accept("Recording " + name + " to " + recorder.file());
        } catch (RecordingException e) {
            report.accept("Cannot record " + name + ": " + e.getMessage());
        }
    }

    /** The tile's recording failed while it was written: it stops, and finish() says why. */
    private void recordingFailed(TileModel tile, Mp4Recorder recorder) {
        if (recorders.get(tile.camera().id()) == recorder) {
            toggleRecording(tile);
        }
    }

    /** A tile is going away: finish its recording, if any. */
    public void tileClosed(TileModel tile) {
        if (isRecording(tile)) {
            toggleRecording(tile);
        }
    }

    private void finish(String name, Mp4Recorder recorder) {
        try {
            Recording done = recorder.stop();
            tell(String.format(
                    Locale.ROOT,
                    "Recording of %s saved: %s (%d frames, %.1f s)",
                    name,
                    done.file(),
                    done.frames(),
                    done.duration().toMillis() / 1000.0));
        } catch (RecordingException e) {
            tell("Recording of " + name + " failed: " + e.getMessage());
        }
    }

    private void tell(String message) {
        uiThread.execute(() -> report.accept(message));
    }

    /** Finishes every recording (waits for the files to be complete). */
    @Override
    public void close() {
        for (Mp4Recorder recorder : recorders.values()) {
            files.execute(() -> finish("camera", recorder));
        }
        recorders.clear();
        files.shutdown();
        try {
            files.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
