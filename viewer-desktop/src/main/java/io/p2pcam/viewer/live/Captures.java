package io.p2pcam.viewer.live;

import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.viewer.engine.connection.CameraSupervisor;
import io.p2pcam.viewer.engine.record.CaptureFileNames;
import io.p2pcam.viewer.engine.record.PausedRecordingLooks;
import io.p2pcam.viewer.engine.record.Recording;
import io.p2pcam.viewer.engine.record.RecordingException;
import io.p2pcam.viewer.engine.record.ResumingRecorder;
import io.p2pcam.viewer.engine.record.SnapshotWriter;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Clock;
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
    private final Map<CameraId, Running> recorders = new HashMap<>();
    private final PausedRecordingLooks looks;

    public Captures(CaptureFileNames names, ExecutorService files, Executor uiThread, Consumer<String> report) {
        this.names = names;
        this.files = files;
        this.uiThread = uiThread;
        this.report = report;
        this.looks = new PausedRecordingLooks(files);
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
        Running running = recorders.remove(id);
        if (running != null) {
            supervisor.tapAccessUnits(null);
            supervisor.tapAudio(null);
            tile.recordingProperty().set(false);
            tile.recordingPausedProperty().set("");
            files.execute(() -> finish(running));
            return;
        }
        try {
            TileRecordingNews news = new TileRecordingNews(
                    tile, uiThread, report, told -> isRunning(id, told), () -> toggleRecording(tile));
            ResumingRecorder recorder = ResumingRecorder.start(() -> names.newRecording(name), Clock.systemUTC(), news);
            news.tell(recorder);
            recorders.put(id, new Running(name, recorder));
            supervisor.tapAudio(recorder::acceptAudio);
            supervisor.tapAccessUnits(recorder::accept);
            supervisor.requestKeyframe(); // the file starts at a keyframe: ask for one now
            tile.recordingProperty().set(true);
            report.accept("Recording " + name + " to " + recorder.file());
        } catch (RecordingException e) {
            report.accept("Cannot record " + name + ": " + e.getMessage());
        }
    }

    /**
     * Has each paused recording look for its folder, and room on its disk, on the files' thread
     * ({@link PausedRecordingLooks}: none for a recording that writes, at most one queued per
     * paused one, never waiting for a recorder): the viewer's status timer calls it, so that a
     * recording whose camera sends nothing meanwhile goes on, and its tile says so, once they are
     * back (each looks every 2 s at most).
     */
    public void lookForPausedStorage() {
        looks.lookFor(recorders.values().stream().map(Running::recorder).toList());
    }

    /** A tile is going away: finish its recording, if any. */
    public void tileClosed(TileModel tile) {
        if (isRecording(tile)) {
            toggleRecording(tile);
        }
    }

    private boolean isRunning(CameraId id, ResumingRecorder recorder) {
        Running running = recorders.get(id);
        return running != null && running.recorder() == recorder;
    }

    private void finish(Running running) {
        String name = running.name();
        try {
            Recording done = running.recorder().stop();
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

    /** A recording and the name of the camera it records, as its status lines say it. */
    private record Running(String name, ResumingRecorder recorder) {}

    private void tell(String message) {
        uiThread.execute(() -> report.accept(message));
    }

    /** Finishes every recording (waits for the files to be complete). */
    @Override
    public void close() {
        for (Running running : recorders.values()) {
            files.execute(() -> finish(running));
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
