package io.p2pcam.viewer.engine.record;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Has each paused recording look for its folder, and room on its disk, on the thread that does the
 * file work (a pulled disk's path may be slow to answer), for the viewer's status timer: a
 * recording whose camera sends nothing meanwhile then goes on once they are back (decision 0073).
 *
 * <p>Cheap on the timer's thread: a recording that writes gets no look ({@link
 * ResumingRecorder#paused()}, read without its lock); a paused one gets at most one look queued
 * at a time, so looks do not pile up behind one stuck on a dead disk; nothing here waits for a
 * recorder, whose lock such a look holds.
 *
 * <p>Thread-safety: {@link #lookFor} from one thread (the UI's); the looks run on {@code files}.
 */
public final class PausedRecordingLooks {

    private final Executor files;
    /** The recordings with a look queued or running; the files thread takes each out when done. */
    private final Set<ResumingRecorder> looking = ConcurrentHashMap.newKeySet();

    /** Looks run on {@code files}, the executor of the viewer's file work. */
    public PausedRecordingLooks(Executor files) {
        this.files = files;
    }

    /** Queues a look for each of {@code recordings} that is paused and has no look queued. */
    public void lookFor(Iterable<ResumingRecorder> recordings) {
        for (ResumingRecorder recording : recordings) {
            if (recording.paused() && looking.add(recording)) {
                try {
                    files.execute(() -> {
                        try {
                            recording.look();
                        } finally {
                            looking.remove(recording);
                        }
                    });
                } catch (RejectedExecutionException e) {
                    looking.remove(recording); // the viewer is closing: no look, and none marked as queued
                }
            }
        }
    }
}
