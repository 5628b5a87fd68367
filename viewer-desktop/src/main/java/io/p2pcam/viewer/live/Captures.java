package io.p2pcam.viewer.live;

import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.viewer.engine.connection.CameraSupervisor;
import io.p2pcam.viewer.engine.record.CaptureFileNames;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
    private final Map<CameraId, ResumingRecorder> recorders = new HashMap<>();
    private final Set<ResumingRecorder> looking = ConcurrentHashMap.newKeySet();

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
        ResumingRecorder running = recorders.remove(id);
        if (running != null) {
            supervisor.tapAccessUnits(null);
            supervisor.tapAudio(null);
            tile.recordingProperty().set(false);
            tile.recordingPausedProperty().set("");
            files.execute(() -> finish(name, running));
            return;
        }
        try {
            TileRecording told = new TileRecording(tile);
            ResumingRecorder recorder = ResumingRecorder.start(() -> names.newRecording(name), Clock.systemUTC(), told);
            told.recorder = recorder;
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

    /**
     * What a tile's recording tells, on the thread feeding it or looking for its folder, handed to
     * the UI thread: a file lost (the mark says paused and for what, the status line why), a new
     * file (the mark back, a keyframe asked for it to start at), a failure for good (I/O errors: the
     * recording stops and says why).
     */
    private final class TileRecording implements ResumingRecorder.Listener {
        private final TileModel tile;
        private volatile ResumingRecorder recorder;

        TileRecording(TileModel tile) {
            this.tile = tile;
        }

        @Override
        public void lost(RecordingException why, ResumingRecorder.Pause pause) {
            uiThread.execute(() -> {
                if (current()) {
                    tile.recordingPausedProperty().set(pause.mark());
                    report.accept("Recording of " + tile.camera().name() + " paused: " + why.getMessage()
                            + ". It goes on in a new file " + pause.until());
                }
            });
        }

        @Override
        public void resumed(Path file) {
            tile.supervisor().requestKeyframe();
            uiThread.execute(() -> {
                if (current()) {
                    tile.recordingPausedProperty().set("");
                    report.accept("Recording of " + tile.camera().name() + " goes on in " + file);
                }
            });
        }

        @Override
        public void failed(RecordingException why) {
            // I/O errors: stop at once and say why, rather than show "recording" on.
            uiThread.execute(() -> {
                if (current()) {
                    toggleRecording(tile);
                }
            });
        }

        private boolean current() {
            return recorder != null && recorders.get(tile.camera().id()) == recorder;
        }
    }

    /**
     * Has each paused recording look for its folder, and room on its disk, on the files' thread (a
     * pulled disk's path may be slow to answer): the viewer's status timer calls it, so that a
     * recording whose camera sends nothing meanwhile goes on, and its tile says so, once they are
     * back (each looks every 2 s at most). Nothing here waits for a recorder (its lock may be held
     * by a look stuck on a dead disk: the UI thread must not wait behind it), and a recorder has at
     * most one look queued, so looks do not pile up behind a stuck one.
     */
    public void lookForPausedStorage() {
        for (ResumingRecorder recorder : recorders.values()) {
            if (looking.add(recorder)) {
                files.execute(() -> {
                    try {
                        recorder.look();
                    } finally {
                        looking.remove(recorder);
                    }
                });
            }
        }
    }

    /** A tile is going away: finish its recording, if any. */
    public void tileClosed(TileModel tile) {
        if (isRecording(tile)) {
            toggleRecording(tile);
        }
    }

    private void finish(String name, ResumingRecorder recorder) {
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
        for (ResumingRecorder recorder : recorders.values()) {
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
