package io.p2pcam.viewer.engine.record;

import io.p2pcam.protocol.media.DepacketizerEvent;
import io.p2pcam.protocol.media.RtpPacket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A recording the user asked for, which goes on in a new file when it lost its file (decision
 * 0073), as NVRs retry their storage: the file deleted from its folder, a new one at once; the
 * folder gone (deleted, renamed, its USB disk pulled or unmounted), a new one once the folder is
 * back at its path, on the file system it was on ({@link RecordingFolder}); the disk full, a new
 * one once it has room for {@link RoomToRecord a few seconds of the stream}. It looks every {@link
 * #LOOK_EVERY_MILLIS} at most: while pictures come, at each, and without them when {@link #look()}
 * is called (the viewer's timer), so that a camera offline meanwhile finds its file open and the
 * tile says the recording goes on. The folder is never made again here: a disk that is not
 * mounted has no folder to record into. Each file is an {@link Mp4Recorder} of its own, named by
 * {@code names} (its name, in this folder); what each lost file kept, and why, its failure says.
 * Writing that fails with I/O errors, the file in place, ends the recording as before.
 *
 * <p>The {@link Listener} hears, once each, a file lost (and why it waits: {@link Pause}), a new
 * file started, a failure for good.
 *
 * <p>Thread-safety: as {@link Mp4Recorder}: {@link #accept} and {@link #acceptAudio} for the threads
 * that receive the stream (a new file is opened on the picture's thread, as the lost one was cut
 * and kept there), {@link #look()} for a thread that may wait on the disk, {@link #stop()} for any
 * other; all under one lock, the finishing of the file after it. {@link #paused()} takes no lock:
 * the UI's timer asks it (a look stuck on a dead disk holds the lock).
 */
public final class ResumingRecorder {

    /** How often a gone folder is looked for: a few file-system queries, so a modest period. */
    static final long LOOK_EVERY_MILLIS = 2_000;

    private static final Logger log = LoggerFactory.getLogger(ResumingRecorder.class);

    /** What a recording that lost its file waits for, in words for the tile's mark and the status line. */
    public enum Pause {
        /**
         * The file was deleted from its folder, which is still there: a new file is started at
         * the camera's next picture, or the viewer's next look, with no wait for anything.
         */
        FILE_DELETED("file deleted", "at once"),
        /** The folder is gone (deleted, renamed, moved, its disk pulled): it waits for it to be back. */
        FOLDER_GONE("folder gone", "once its folder is there again"),
        /** The disk is full: it waits for room. */
        DISK_FULL("disk full", "once its disk has room again");

        private final String mark;
        private final String until;

        Pause(String mark, String until) {
            this.mark = mark;
            this.until = until;
        }

        /** For the tile's mark: "folder gone", "disk full". */
        public String mark() {
            return mark;
        }

        /** When the recording goes on: "once its folder is there again". */
        public String until() {
            return until;
        }

        /** What a recording that lost its file so waits for. */
        static Pause after(FileLoss loss) {
            return switch (loss) {
                case FILE_DELETED -> FILE_DELETED;
                case DISK_FULL -> DISK_FULL;
                case FOLDER_GONE, FOLDER_MOVED -> FOLDER_GONE;
                case WRITE_FAILED -> throw new IllegalArgumentException("A failed write ends the recording");
            };
        }
    }

    /**
     * What happens to the recording's files; called under the lock, on the thread that fed the
     * input, or that called {@link #look()}.
     */
    public interface Listener {
        /**
         * The file was lost ({@code why} says how and what was kept); a new one follows when it can,
         * once what {@code pause} says is over.
         */
        void lost(RecordingException why, Pause pause);

        /** A new file is written, to {@code file}: the folder is back (or still there). */
        void resumed(Path file);

        /** Writing failed for good (I/O errors); {@link #stop()} says why too. */
        void failed(RecordingException why);
    }

    private final Object lock = new Object();
    private final Supplier<Path> names;
    private final Clock clock;
    private final Listener listener;
    private final RecordingFolder folder;
    private final RoomToRecord room = new RoomToRecord();

    private Mp4Recorder current;
    /** The file written now, or the last one while the folder is looked for. */
    private Path lastFile;
    /** How the last file was lost; null before any was. */
    private FileLoss lostBy;

    /**
     * Whether no file is written, a new one waited for; set under the lock, read without it by
     * {@link #paused()}, so the viewer's timer neither waits for a look stuck on a dead disk nor
     * queues looks for a recording that writes.
     */
    private volatile boolean paused;

    private long nextLookMillis;
    private String notBackLogged = "";
    private boolean stopped;

    private ResumingRecorder(Mp4Recorder first, Supplier<Path> names, Clock clock, Listener listener) {
        this.names = names;
        this.clock = clock;
        this.listener = listener;
        this.folder = new RecordingFolder(first.file().toAbsolutePath().getParent());
        follow(first);
    }

    /**
     * Starts recording to the file {@code names} gives (its folder made if missing, as {@link
     * Mp4Recorder#start(Path, Clock)}); later files get its next names, in the same folder.
     *
     * @throws RecordingException if the first file cannot be written
     */
    public static ResumingRecorder start(Supplier<Path> names, Clock clock, Listener listener)
            throws RecordingException {
        Mp4Recorder first = Mp4Recorder.start(names.get(), clock);
        return new ResumingRecorder(first, names, clock, Objects.requireNonNull(listener));
    }

    /** Takes the depacketizer's next event (see {@link Mp4Recorder#accept}); while waiting, looks for the folder. */
    public void accept(DepacketizerEvent event) {
        synchronized (lock) {
            if (stopped || (current == null && !resumeIfBack())) {
                return;
            }
            current.accept(event);
        }
    }

    /**
     * Looks for the folder, and room on its disk if it was full, when no file is written (at most
     * every {@link #LOOK_EVERY_MILLIS}); a new file then waits for the next keyframe. For a timer on
     * a thread that may touch the disk: the pictures look by themselves while they come, but a
     * camera offline sends none, and the tile would say the folder is gone after it is back.
     */
    public void look() {
        synchronized (lock) {
            if (!stopped && current == null) {
                resumeIfBack();
            }
        }
    }

    /** Takes one of the camera's audio packets (see {@link Mp4Recorder#acceptAudio}). */
    public void acceptAudio(RtpPacket packet) {
        synchronized (lock) {
            if (!stopped && current != null) {
                current.acceptAudio(packet);
            }
        }
    }

    /**
     * Ends the recording: finishes the file being written. Call once.
     *
     * @return that file, finished
     * @throws RecordingException as {@link Mp4Recorder#stop()}, or if no file was being written
     *     (its folder not back yet, or its disk still full)
     */
    public Recording stop() throws RecordingException {
        Mp4Recorder ending;
        synchronized (lock) {
            if (stopped) {
                throw new IllegalStateException("Recording to " + folder.path() + " already stopped");
            }
            stopped = true;
            paused = false;
            ending = current;
            current = null;
            if (ending == null) {
                throw new RecordingException("Nothing more was recorded: the recording stopped before "
                        + switch (lostBy) {
                            case DISK_FULL -> "the disk of its folder " + folder.path() + " had room again";
                            case FILE_DELETED ->
                                "a new file was started in its folder " + folder.path() + " (its file was deleted)";
                            default -> "its folder " + folder.path() + " was back";
                        });
            }
        }
        return ending.stop();
    }

    /** The file written now, or the last one while the folder is looked for. */
    public Path file() {
        synchronized (lock) {
            return lastFile;
        }
    }

    /**
     * Whether the recording waits for a new file (its folder back, room on its disk, or the next
     * look after its file was deleted): only then does {@link #look()} do anything. Read without the
     * lock: any thread, at any time, never waiting for a look or a picture being written.
     */
    public boolean paused() {
        return paused;
    }

    private void follow(Mp4Recorder recorder) {
        current = recorder;
        paused = false;
        lastFile = recorder.file();
        recorder.whenFailed(e -> lostOrFailed(recorder, e));
    }

    /** Called by the recorder that failed, on the feeding thread, which holds this lock already. */
    private void lostOrFailed(Mp4Recorder recorder, RecordingException e) {
        synchronized (lock) {
            if (recorder != current) {
                return;
            }
            if (!e.loss().resumable()) {
                listener.failed(e); // current stays, failed: stop() throws its reason
                return;
            }
            current = null;
            paused = true;
            lostBy = e.loss();
            room.streamRate(recorder.bytesPerSecond());
            // The next picture looks (a deleted file's folder is there), but a new file is begun at
            // most once a look period: a job deleting every new file costs a file per period.
            nextLookMillis = Math.max(nextLookMillis, clock.millis());
            notBackLogged = "";
            Pause pause = Pause.after(lostBy);
            log.info("Recording to {} goes on in a new file {}", folder.path(), pause.until());
            listener.lost(e, pause);
        }
    }

    /** The bytes the folder's disk has free for this program; 0 if that cannot be read. */
    private long usableSpace() {
        try {
            return Files.getFileStore(folder.path()).getUsableSpace();
        } catch (IOException e) {
            log.debug("Cannot tell the room on the disk of {}: {}", folder.path(), e.toString());
            return 0;
        }
    }

    /** Starts a new file if the folder is back (looked at every {@link #LOOK_EVERY_MILLIS}); whether it did. */
    private boolean resumeIfBack() {
        long now = clock.millis();
        if (now < nextLookMillis && now >= nextLookMillis - LOOK_EVERY_MILLIS) {
            return false;
        }
        nextLookMillis = now + LOOK_EVERY_MILLIS;
        Optional<String> notBack = folder.notBack();
        if (notBack.isPresent()) {
            if (!notBack.get().equals(RecordingFolder.MISSING) && !notBack.get().equals(notBackLogged)) {
                notBackLogged = notBack.get();
                log.warn(
                        "The recording folder {} is back but {}: the recording does not go on there",
                        folder.path(),
                        notBack.get());
            }
            return false;
        }
        if (lostBy == FileLoss.DISK_FULL && !room.enough(usableSpace())) {
            return false;
        }
        Path file = folder.path().resolve(names.get().getFileName());
        try {
            follow(Mp4Recorder.startInFolder(file, clock));
        } catch (RecordingException e) {
            log.debug("The recording cannot go on in {} yet: {}", file, e.getMessage());
            return false;
        }
        log.info(
                "Recording goes on in {}: {}",
                file,
                switch (lostBy) {
                    case FILE_DELETED -> "the file before it was deleted";
                    case DISK_FULL -> "its disk has room again";
                    default -> "its folder is back";
                });
        listener.resumed(file);
        return true;
    }
}
