package io.p2pcam.viewer.engine.record;

import io.p2pcam.protocol.audio.OpusRtp;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sound track's timing in one recording: which of the camera's Opus packets go in the file and
 * where, placed against the first picture's capture time ({@link SoundTimeline}), corrected by how
 * far the sound is stamped off the pictures ({@link SoundClockSkew}), and written with the gaps
 * between them filled ({@link SoundTrackWriter}); {@link Mp4Recorder} owns the pictures and the file.
 *
 * <p>Sound that arrives before the recording's first picture is kept, the latest {@link
 * #MAX_EARLY} packets of it: a camera's pictures reach the viewer up to about a hundred ms after
 * the sound captured with them (an encoder's latency, a keyframe paced out; decision 0073), so the
 * sound the file starts with has often arrived before its first picture. Once that picture is
 * written, what of it was captured after the picture's time goes in the file from its start, as
 * FFmpeg trims a track to the first picture's time: a packet wholly before it is dropped (it is
 * no part of the recording, and not counted as left out), one that starts less than {@link
 * SoundTimeline#MAX_MOVE_SAMPLES} before it starts the track.
 *
 * <p>The first packets after the start wait (at most {@link #MAX_UNPLACED}) until the skew is
 * known, then all are placed with its correction. Not thread-safe: the recorder calls it under
 * its lock, or after taking its muxer away from every other thread; the counts may be read from
 * any thread.
 */
final class RecordedSound {

    private static final Logger log = LoggerFactory.getLogger(RecordedSound.class);

    /**
     * The most packets kept from before the first picture: 25, half a second of 20 ms packets (the
     * pictures may lag their sound by up to 125 ms and keep its stamps, decision 0073; what
     * arrived before that was captured before the picture).
     */
    static final int MAX_EARLY = 25;

    /** The most packets held until the skew is known: a second of 20 ms packets (decision 0053). */
    static final int MAX_UNPLACED = 50;

    /** A sound packet as it arrived: its capture time as a 48 kHz sample index since 1970. */
    private record Arrived(long sample, byte[] opus, int samples, boolean beforeTheFirstPicture) {}

    private final Path file;
    private final SoundTimeline timeline;
    private final SoundTrackWriter track = new SoundTrackWriter();
    private final SoundClockSkew skew = new SoundClockSkew();
    /** Before the first picture: the latest sound; after it, the sound not yet placed. */
    private final ArrayDeque<Arrived> waiting = new ArrayDeque<>();

    private boolean started;
    private boolean recorded;
    /** The capture time of the first picture in the file, as a 48 kHz sample index since 1970. */
    private long firstPictureSample;

    private boolean lateLogged;
    private volatile long late;

    /** The sound of the recording to {@code file} (named in the log), placed through {@code pictures}. */
    RecordedSound(Path file, RecordingTimeline pictures) {
        this.file = file;
        this.timeline = new SoundTimeline(pictures);
    }

    /** A picture captured at {@code captureMicros} arrived at {@code arrivalMicros}. */
    void pictureArrived(long captureMicros, long arrivalMicros) {
        skew.picture(captureMicros, arrivalMicros);
    }

    /**
     * A packet captured from {@code sample} (48 kHz since 1970), {@code samples} long, arrived at
     * {@code arrivalMicros}: kept for the file, if it has a sound track, or (before the first
     * picture) among the latest {@link #MAX_EARLY}.
     */
    void arrived(long sample, byte[] opus, int samples, long arrivalMicros) {
        skew.sound(OpusRtp.microsOf(sample + samples), arrivalMicros);
        if (!started) {
            if (waiting.size() == MAX_EARLY) {
                waiting.removeFirst();
            }
            waiting.addLast(new Arrived(sample, opus, samples, true));
            return;
        }
        if (!recorded) {
            return;
        }
        waiting.addLast(new Arrived(sample, opus, samples, false));
        if (skew.settled() || waiting.size() >= MAX_UNPLACED) {
            place();
        }
    }

    /**
     * The first picture, captured at {@code firstPictureSample} (48 kHz since 1970), is written;
     * the file has a sound track if {@code recorded}. The sound kept from before it waits with
     * the packets after it until the skew is known.
     */
    void start(long firstPictureSample, boolean recorded) {
        this.firstPictureSample = firstPictureSample;
        this.started = true;
        this.recorded = recorded;
        if (!recorded) {
            waiting.clear();
        }
    }

    /**
     * A picture is written at {@code pts} (90 kHz): if no sound came, the track is made silent up
     * to {@link SoundTimeline#MAX_LATE_SAMPLES} behind it, so that it stays with the pictures.
     */
    void pictureWritten(long pts) {
        if (recorded) {
            long behind = Math.floorDiv(pts * OpusRtp.CLOCK_RATE, RecordingTimeline.TICKS_PER_SECOND)
                    - SoundTimeline.MAX_LATE_SAMPLES;
            track.add(timeline.silenceUntil(behind));
        }
    }

    /** Writes some of the sound placed (a bounded amount: {@link SoundTrackWriter#MAX_FRAMES_PER_CALL}). */
    void writeSome(Mp4Muxer muxer) throws RecordingException {
        if (recorded) {
            track.writeSome(muxer);
        }
    }

    /** The recording stops: places all that waits and what the timeline still holds, to be {@link #writeAll written}. */
    void finishPlacing() {
        if (recorded) {
            place();
            track.add(timeline.finish());
        }
    }

    /** Writes all that is placed (the recording is stopping, the muxer out of the feeding threads' reach). */
    void writeAll(Mp4Muxer muxer) throws RecordingException {
        track.writeAll(muxer);
    }

    /**
     * Places the packets waiting, their capture times corrected by how far the sound is stamped
     * off the pictures; those that arrived before the first picture and end before its time are
     * no part of the recording.
     */
    private void place() {
        long correction = Math.floorDiv(skew.correctionMicros() * OpusRtp.CLOCK_RATE, 1_000_000);
        while (!waiting.isEmpty()) {
            Arrived packet = waiting.removeFirst();
            long capture = packet.sample() - firstPictureSample + correction;
            if (packet.beforeTheFirstPicture() && capture + packet.samples() <= 0) {
                continue;
            }
            track.add(timeline.place(capture, packet.opus(), packet.samples()));
        }
        late = timeline.late();
        if (late > 0 && !lateLogged) {
            lateLogged = true;
            log.warn(
                    "Sound for the recording to {} came more than {} s after its pictures and is left out "
                            + "(counted in the line that ends the recording)",
                    file,
                    SoundTimeline.MAX_LATE_SAMPLES / OpusRtp.CLOCK_RATE);
        }
    }

    /** Opus packets written so far. */
    long packetsWritten() {
        return track.packetsWritten();
    }

    /** Empty frames written into the gaps between packets so far. */
    long framesFilled() {
        return track.framesFilled();
    }

    /** Packets left out because they came more than {@link SoundTimeline#MAX_LATE_SAMPLES} after their pictures. */
    long tooLate() {
        return late;
    }

    /** What became of the sound, for the line that ends the recording. */
    String summary() {
        return String.format(
                Locale.ROOT,
                "%d sound frames (%d left out, %d too late, %d moved off the one before, %d sound clock jumps "
                        + "lined up with the pictures, sound stamped %d ms off them)",
                track.packetsWritten(),
                timeline.leftOut(),
                timeline.late(),
                timeline.moved(),
                timeline.linedUp() + skew.corrections(),
                -skew.correctionMicros() / 1000);
    }
}
