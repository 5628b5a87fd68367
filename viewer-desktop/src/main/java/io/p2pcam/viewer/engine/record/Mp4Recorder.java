package io.p2pcam.viewer.engine.record;

import io.p2pcam.protocol.audio.OpusRtp;
import io.p2pcam.protocol.media.DepacketizerEvent;
import io.p2pcam.protocol.media.DepacketizerEvent.AccessUnit;
import io.p2pcam.protocol.media.DepacketizerEvent.DroppedPacket;
import io.p2pcam.protocol.media.DepacketizerEvent.IncompleteAccessUnit;
import io.p2pcam.protocol.media.PictureSize;
import io.p2pcam.protocol.media.RtpPacket;
import io.p2pcam.protocol.media.VideoClock;
import io.p2pcam.runtime.UserFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records one camera's live H.264 stream, and its sound when it has some, to an MP4 file without
 * re-encoding: the access units the depacketizer delivers and the Opus packets are copied into
 * the file as they are ({@link #acceptAudio}).
 *
 * <p>What ends up in the file: nothing before the first keyframe that comes with its SPS and PPS
 * (those describe the stream in the file's sample entry); from it on every intact access unit,
 * except that after an incomplete one the frames up to the next keyframe are left out too (they
 * would only play back smeared, as the live view withholds them). Times start at 0 at the first
 * frame written and always increase (see {@link RecordingTimeline}). The camera is assumed to
 * send no B-frames.
 *
 * <p>Files: the recording is written to {@code <file>.part} and renamed to {@code file} by
 * {@link #stop()} once it plays, so a file under the final name is always complete. Neither is
 * ever overwritten: {@link #start} refuses a name whose file or {@code .part} exists, and the
 * rename leaves a file that took the name meanwhile alone (the recording stays {@code .part}). A recording
 * that fails after pictures were written keeps them as {@code <stem> (incomplete).mp4}, cut back to
 * its last complete fragment (or stays {@code .part} if that name is taken); one stopped before
 * any keyframe arrived, or failed before a picture was written, leaves no file behind.
 *
 * <p>Errors: a path that cannot be written fails {@link #start} at once. A write that fails
 * later (disk full, I/O errors), or a file gone from its folder (the folder deleted, renamed or
 * moved, or its disk pulled: writes into the open file still succeed, so {@link
 * RecordingFileWatch} looks at the path once a second), cannot be thrown into the thread feeding
 * the recorder: the recorder turns {@link RecorderState#FAILED}, keeps the partial file as above
 * ({@link PartialRecording}: in the folder's new place if it was renamed; the reason says where),
 * ignores further input and {@link #stop()} throws the reason; {@link #whenFailed} tells a UI at
 * once (the viewer then stops the recording and shows that reason). The reason is logged once,
 * as one line naming the file, and a gone or moved folder by name; nothing is retried here (the
 * failure says how the file was lost, {@link RecordingException#loss()}: a {@link
 * ResumingRecorder} goes on in a new file when it can).
 *
 * <p>Thread-safety: {@link #accept} is meant for the thread that receives the stream (network or
 * decode thread), {@link #stop()} for any other (the UI's, but off the JavaFX thread: it writes
 * the last fragment and the fragment index). Both hold
 * one lock while they touch the muxer; {@code stop()} takes the muxer away under it and finishes
 * the file (the sound still waiting, the index) after releasing it, so {@code accept} never waits
 * for that, and input after {@code stop()} is ignored. {@link #state()} and {@link
 * #framesWritten()} may be read from any thread at any time. {@code accept} itself does a buffered
 * file write per access unit, and either call at most a few hundred small ones for the sound
 * ({@link SoundTrackWriter#MAX_FRAMES_PER_CALL}: a long gap's fill is spread over many calls).
 */
public final class Mp4Recorder {

    private static final Logger log = LoggerFactory.getLogger(Mp4Recorder.class);

    private final Object lock = new Object();
    private final Path file;
    private final Path partFile;
    private final RecordingTimeline timeline = new RecordingTimeline();
    private final RecordedSound sound;
    private final RecordingFileWatch fileWatch;
    private final PartialRecording partial;

    private Mp4Muxer muxer;
    private volatile RecorderState state = RecorderState.WAITING_FOR_KEYFRAME;
    private volatile long framesWritten;
    /** The pictures' bytes written: the stream's rate, which a full disk must have room for again. */
    private long pictureBytes;

    private RecordedParameterSets parameterSets = RecordedParameterSets.NONE;
    private RecordedParameterSets recordedSets;
    private boolean awaitingKeyframe = true;
    private boolean parameterChangeLogged;
    private long lastPts;
    private long lastDuration;
    private RecordingException failure;
    private Consumer<RecordingException> failureListener = e -> {};
    private final Clock clock;
    /** Whether the camera sent sound before the header: the file then gets an audio track. */
    private boolean audioSeen;

    private static final int TEN_MS = OpusRtp.CLOCK_RATE / 100;

    private Mp4Recorder(Path file, Path partFile, Mp4Muxer muxer, Clock clock) {
        this.file = file;
        this.partFile = partFile;
        this.fileWatch = new RecordingFileWatch(partFile);
        this.partial = new PartialRecording(file, partFile, fileWatch);
        this.sound = new RecordedSound(file, timeline);
        this.muxer = muxer;
        this.clock = clock;
    }

    /**
     * Opens a recording to {@code file} (its folder is created if missing); it starts with the
     * next keyframe passed to {@link #accept}.
     *
     * @throws RecordingException if {@code file} already exists or cannot be written
     */
    public static Mp4Recorder start(Path file) throws RecordingException {
        return start(file, Clock.systemUTC());
    }

    /**
     * As {@link #start(Path)}; {@code clock} is this machine's wall clock, near which the streams'
     * 32-bit capture timestamps are unwrapped to place the sound against the pictures.
     */
    public static Mp4Recorder start(Path file, Clock clock) throws RecordingException {
        refuseTaken(file);
        return startWriting(file, partFileOf(file), clock);
    }

    /**
     * As {@link #start(Path, Clock)}, into a folder that is there: it is never made (a recording
     * going on in its folder come back must not make it where the disk is not mounted, decision
     * 0073); a folder gone again fails the start.
     */
    static Mp4Recorder startInFolder(Path file, Clock clock) throws RecordingException {
        refuseTaken(file);
        return open(file, partFileOf(file), clock);
    }

    private static void refuseTaken(Path file) throws RecordingException {
        // FFmpeg truncates what it opens: a .part another recording is still writing (stopped
        // and started again within the second of its name) is taken as much as the file is.
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)
                || Files.exists(partFileOf(file), LinkOption.NOFOLLOW_LINKS)) {
            throw new RecordingException("Cannot record to " + file + ": the file already exists");
        }
    }

    /** Where a recording to {@code file} is written until it is finished. */
    static Path partFileOf(Path file) {
        return file.resolveSibling(file.getFileName() + ".part");
    }

    /** As {@link #start(Path, Clock)}, writing to {@code partFile} whether it exists or not. */
    static Mp4Recorder startWriting(Path file, Path partFile, Clock clock) throws RecordingException {
        FileProblems.createParent(file, "record to");
        return open(file, partFile, clock);
    }

    private static Mp4Recorder open(Path file, Path partFile, Clock clock) throws RecordingException {
        Mp4Muxer muxer = Mp4Muxer.open(partFile, file);
        log.info("Recording to {}, from the next keyframe", file);
        return new Mp4Recorder(file, partFile, muxer, clock);
    }

    /** Takes the depacketizer's next event; see the class comment for what is kept. */
    public void accept(DepacketizerEvent event) {
        synchronized (lock) {
            if (muxer == null) {
                return;
            }
            long now = nowMicros();
            if (fileWatch.gone(now)) {
                fail(new RecordingException("Cannot write the recording " + file + ": " + partFile + " is gone"));
                return;
            }
            switch (event) {
                case AccessUnit unit -> {
                    sound.pictureArrived(VideoClock.captureMicros(unit.timestamp(), now), now);
                    onAccessUnit(unit);
                }
                case IncompleteAccessUnit incomplete -> {
                    awaitingKeyframe = true;
                    timeline.gap();
                }
                case DroppedPacket ignored -> {
                    // A duplicate or stale packet leaves every access unit intact.
                }
            }
            writeSomeSound(); // a gap's fill goes on with the pictures too
        }
    }

    /**
     * Takes one of the camera's audio RTP packets (Opus, docs/PROTOCOL.md §10.7) as it arrived.
     * Sound that came before the first picture gives the file an audio track, and what of it was
     * captured after the picture's time goes in the file from its start ({@link RecordedSound}: the
     * pictures often arrive later than the sound captured with them); each packet is placed by its
     * capture time through the pictures' timeline (both streams stamp the camera's one capture clock; {@link SoundTimeline} says
     * which packets are left out or held), corrected by how far the sound is stamped off the
     * pictures as the two arrive ({@link SoundClockSkew}: a sound clock set apart from the video's,
     * or one that jumped; the first packets wait, at most a second, until that is known), and
     * copied with its own duration (20 ms from this
     * protocol's cameras; any whole 10 ms, as the viewer plays it; a packet the player cannot play
     * is left out too). The time between two packets written (DTX silence, or lost, or an outage
     * the sound came back from) is filled with empty Opus frames, so that the audio track stays
     * continuous: a player that lays the samples end to end keeps them in sync ({@link
     * SoundTrackWriter}: a few seconds of it per call, the rest in the calls after it or at {@link
     * #stop()}, so that a long outage does not hold the lock for long). While no sound comes the
     * track is made silent only {@link SoundTimeline#MAX_LATE_SAMPLES} (5 s) behind the pictures:
     * sound that comes up to that late (its path stalled) goes in at its time; later, it is left
     * out, counted ({@link #audioPacketsTooLate}) and logged once.
     */
    public void acceptAudio(RtpPacket packet) {
        synchronized (lock) {
            if (muxer == null || packet.payloadType() != OpusRtp.PAYLOAD_TYPE) {
                return;
            }
            audioSeen |= state == RecorderState.WAITING_FOR_KEYFRAME;
            long now = nowMicros();
            long sample = OpusRtp.unwrap(packet.timestamp(), OpusRtp.sampleAt(now));
            int samples = OpusRtp.samplesOf(packet.payload());
            if (samples <= 0 || samples % TEN_MS != 0) {
                return;
            }
            sound.arrived(sample, packet.payload(), samples, now);
            if (state == RecorderState.RECORDING) {
                writeSomeSound();
            }
        }
    }

    /** Writes some of the sound waiting to go in the file (a bounded amount, under the lock). */
    private void writeSomeSound() {
        if (muxer == null) {
            return; // failed while writing a picture
        }
        try {
            sound.writeSome(muxer);
        } catch (RecordingException e) {
            fail(e);
        }
    }

    /** Empty frames written into the gaps between packets so far; readable from any thread. */
    public long audioFramesFilled() {
        return sound.framesFilled();
    }

    /**
     * Opus packets left out so far because they came more than {@link SoundTimeline#MAX_LATE_SAMPLES}
     * after their pictures (the file's sound was made silent there already); readable from any thread.
     */
    public long audioPacketsTooLate() {
        return sound.tooLate();
    }

    /** Opus packets written so far; readable from any thread. */
    public long audioFramesWritten() {
        return sound.packetsWritten();
    }

    private long nowMicros() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }

    /**
     * Ends the recording: writes the index so the file plays, renames it to its final name.
     * Call once.
     *
     * @return the finished recording
     * @throws RecordingException if no keyframe ever arrived (no file is left), if writing
     *     failed before or during the stop (the message says where what was recorded is kept), or if the finished
     *     file could not be renamed (the message says where it is)
     * @throws IllegalStateException if already stopped
     */
    public Recording stop() throws RecordingException {
        Mp4Muxer ending;
        RecorderState before;
        synchronized (lock) {
            before = state;
            if (before == RecorderState.STOPPED) {
                throw new IllegalStateException("Recording to " + file + " already stopped");
            }
            ending = muxer;
            if (before == RecorderState.RECORDING) {
                sound.finishPlacing(); // written after the lock, with the rest
            }
            muxer = null;
            state = RecorderState.STOPPED;
        }
        return switch (before) {
            case FAILED -> throw new RecordingException(failure.getMessage(), failure);
            case WAITING_FOR_KEYFRAME -> {
                ending.abort();
                FileProblems.deleteQuietly(partFile);
                log.info("Recording to {} stopped before any keyframe; no file written", file);
                throw new RecordingException("Nothing was recorded to " + file + ": the camera "
                        + "sent no keyframe before the recording stopped");
            }
            case RECORDING -> finish(ending);
            case STOPPED -> throw new IllegalStateException("unreachable");
        };
    }

    /**
     * Has {@code listener} told, once, when writing fails (disk full, folder gone), on the thread
     * that fed the input that failed, under the recorder's lock: it must not block or call back
     * into the recorder (hand the news to another thread). Set it before feeding input.
     */
    public void whenFailed(Consumer<RecordingException> listener) {
        synchronized (lock) {
            failureListener = Objects.requireNonNull(listener);
        }
    }

    /**
     * The pictures' bytes per second of the file so far (the sound, a few KB/s, left aside); 0
     * before a picture. Under the lock: for the thread feeding the pictures, or a failure's listener.
     */
    long bytesPerSecond() {
        synchronized (lock) {
            long ticks = lastPts + lastDuration;
            return ticks <= 0 ? 0 : pictureBytes * RecordingTimeline.TICKS_PER_SECOND / ticks;
        }
    }

    /** Where the recording stands; readable from any thread. */
    public RecorderState state() {
        return state;
    }

    /** Access units written so far; readable from any thread. */
    public long framesWritten() {
        return framesWritten;
    }

    /** The file the recording will have once stopped. */
    public Path file() {
        return file;
    }

    private void onAccessUnit(AccessUnit unit) {
        if (awaitingKeyframe) {
            parameterSets = parameterSets.updatedBy(unit.nalUnits());
            if (!unit.keyframe()) {
                return;
            }
            if (state == RecorderState.WAITING_FOR_KEYFRAME && !begin(unit)) {
                return;
            }
            awaitingKeyframe = false;
        } else if (unit.keyframe()) {
            noticeParameterChange(unit);
        }
        try {
            long pts = timeline.next(unit.timestamp());
            byte[] annexB = unit.annexB();
            muxer.write(annexB, pts, timeline.frameTicks(), unit.keyframe());
            pictureBytes += annexB.length;
            sound.pictureWritten(pts); // the sound, if out, stays with the pictures (as late as it may come)
            lastPts = pts;
            lastDuration = timeline.frameTicks();
            framesWritten++;
        } catch (RecordingException e) {
            fail(e);
        }
    }

    /** Writes the header at the first usable keyframe; false to keep waiting (or if failed). */
    private boolean begin(AccessUnit keyframe) {
        if (!parameterSets.complete()) {
            log.debug("Keyframe ts={} without SPS/PPS; waiting for one with them", keyframe.timestamp());
            return false;
        }
        PictureSize size = PictureSize.ofSps(parameterSets.sps());
        if (!size.known()) {
            log.debug("No picture size in keyframe ts={}; waiting for the next", keyframe.timestamp());
            return false;
        }
        try {
            muxer.start(size, parameterSets, audioSeen);
        } catch (RecordingException e) {
            fail(e);
            return false;
        }
        recordedSets = parameterSets;
        // The first picture's capture time (90 kHz timestamp, unwrapped near this clock) on the
        // sound's 48 kHz clock: the sound is placed against it.
        long nowMicros = nowMicros();
        long ticks = OpusRtp.unwrap(keyframe.timestamp(), Math.floorDiv(nowMicros * 9, 100));
        sound.start(OpusRtp.sampleAt(Math.floorDiv(ticks * 100, 9)), audioSeen);
        state = RecorderState.RECORDING;
        log.info(
                "Recording to {} started at keyframe ts={}, {}x{}",
                file,
                keyframe.timestamp(),
                size.width(),
                size.height());
        return true;
    }

    private void noticeParameterChange(AccessUnit keyframe) {
        parameterSets = parameterSets.updatedBy(keyframe.nalUnits());
        if (!parameterChangeLogged && !parameterSets.sameAs(recordedSets)) {
            parameterChangeLogged = true;
            log.warn(
                    "The stream's SPS/PPS changed during the recording to {}; players that only "
                            + "read the file's header may show the rest wrongly",
                    file);
        }
    }

    private void fail(RecordingException e) {
        muxer.abort();
        muxer = null;
        failure = partial.keep(e, framesWritten);
        state = RecorderState.FAILED;
        log.warn("Recording stopped: {}", failure.getMessage()); // the one line; the cause is in the exception
        try {
            failureListener.accept(failure);
        } catch (RuntimeException bug) {
            log.error("The listener of the recording to {} failed", file, bug);
        }
    }

    /**
     * Writes the sound still waiting and the index. Called without the lock: the muxer, and the
     * sound track with it, are no longer reachable by {@link #accept} or {@link #acceptAudio}.
     */
    private Recording finish(Mp4Muxer ending) throws RecordingException {
        try {
            sound.writeAll(ending);
            ending.finish();
            if (fileWatch.goneNow()) { // gone since the last look: every write went into nowhere
                throw new RecordingException("Cannot write the recording " + file + ": " + partFile + " is gone");
            }
        } catch (RecordingException e) {
            ending.abort(); // if the sound failed: the last fragment was not begun
            RecordingException failed = partial.keep(e, framesWritten);
            log.warn("Recording stopped: {}", failed.getMessage());
            throw failed;
        }
        try {
            // No REPLACE_EXISTING: a file that took the name meanwhile is kept, and this one with it.
            Files.move(partFile, file);
        } catch (IOException e) {
            throw new RecordingException(
                    "The recording is complete but could not be named " + file + " (" + UserFiles.describe(e)
                            + "); it is in " + partFile,
                    e);
        }
        long ticks = lastPts + lastDuration;
        Duration duration = Duration.ofSeconds(
                ticks / RecordingTimeline.TICKS_PER_SECOND,
                ticks % RecordingTimeline.TICKS_PER_SECOND * 1_000_000_000L / RecordingTimeline.TICKS_PER_SECOND);
        log.info(
                "Recording {} finished: {} frames, {}, {}, {} timestamps repaired",
                file,
                framesWritten,
                sound.summary(),
                duration,
                timeline.repairs());
        return new Recording(file, framesWritten, duration);
    }
}
