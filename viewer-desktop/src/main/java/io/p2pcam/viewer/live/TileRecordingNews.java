package io.p2pcam.viewer.live;

import io.p2pcam.viewer.engine.record.RecordingException;
import io.p2pcam.viewer.engine.record.ResumingRecorder;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * What a tile's recording tells, on the thread feeding it or looking for its folder, handed to
 * the UI thread: a file lost (the tile's mark says paused and for what, the status line what
 * happened and when a new file follows), a new file (the mark back, a keyframe asked for it to
 * start at), a failure for good (I/O errors: the recording is stopped, which says why). News of a
 * recording the tile no longer has (stopped meanwhile, or started again) is dropped.
 *
 * <p>Thread-safety: the listener's calls come on any thread, under the recorder's lock, and only
 * hand work to {@code uiThread}; {@link #tell} once, before the recorder is fed.
 */
final class TileRecordingNews implements ResumingRecorder.Listener {
    private final TileModel tile;
    private final Executor uiThread;
    private final Consumer<String> report;
    private final Predicate<ResumingRecorder> stillRecorded;
    private final Runnable stop;
    private volatile ResumingRecorder recorder;

    /**
     * News for {@code tile}, said through {@code report} on {@code uiThread}; {@code stillRecorded}
     * tells (on the UI thread) whether a recorder is the tile's recording now, and {@code stop}
     * stops it after a failure.
     */
    TileRecordingNews(
            TileModel tile,
            Executor uiThread,
            Consumer<String> report,
            Predicate<ResumingRecorder> stillRecorded,
            Runnable stop) {
        this.tile = tile;
        this.uiThread = uiThread;
        this.report = report;
        this.stillRecorded = stillRecorded;
        this.stop = stop;
    }

    /** The recorder whose news this is, once started. */
    void tell(ResumingRecorder recorder) {
        this.recorder = Objects.requireNonNull(recorder);
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
                stop.run();
            }
        });
    }

    private boolean current() {
        ResumingRecorder told = recorder;
        return told != null && stillRecorded.test(told);
    }
}
