package io.p2pcam.camera.audio;

import io.p2pcam.camera.media.GrabberStart;
import io.p2pcam.camera.media.SourceException;
import io.p2pcam.media.codec.AvErrors;
import io.p2pcam.protocol.audio.OpusRtp;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * The sound track of a file (any container and codec FFmpeg reads), converted by FFmpeg to 48 kHz
 * mono 16-bit and played in real time, as a microphone would deliver it: {@link #read} waits, on
 * a monotonic clock, until a frame's last sample is due. Frames are stamped on the capture clock
 * from the moment the first one was read, 20 ms apart with no gaps; at the end of the file it
 * starts again from the beginning (a frame may then hold the end and the start).
 *
 * <p>The picture of the same file is read by its own grabber ({@link
 * io.p2pcam.camera.media.FileSource}) at the camera's frame rate: both start together and stay
 * together when {@code --fps} is the file's rate. Not thread-safe: the audio loop's thread reads it.
 */
public final class FileAudioSource implements AudioSource {
    private final Path path;
    private final FFmpegFrameGrabber grabber;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final PcmFramer framer = new PcmFramer();
    private long nextSample = Long.MIN_VALUE;
    private long nextDeadlineNanos;

    /**
     * Opens the sound of {@code path}.
     *
     * @throws SourceException if the file cannot be read or has no sound track (the message says so)
     */
    public FileAudioSource(Path path, Clock clock) throws SourceException {
        this(path, clock, System::nanoTime);
    }

    FileAudioSource(Path path, Clock clock, LongSupplier nanoTime) throws SourceException {
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new SourceException("cannot read file " + path);
        }
        this.path = path;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.grabber = new FFmpegFrameGrabber(path.toFile());
        grabber.setSampleMode(FrameGrabber.SampleMode.SHORT);
        grabber.setSampleFormat(avutil.AV_SAMPLE_FMT_S16);
        grabber.setSampleRate(OpusRtp.CLOCK_RATE);
        grabber.setAudioChannels(OpusRtp.CHANNELS);
        GrabberStart.start(grabber, why -> "cannot open file " + path + ": " + why, this::release);
        if (grabber.getAudioStream() < 0) {
            release();
            throw new SourceException(path + " has no sound track");
        }
    }

    /** Whether {@code path} has a sound track FFmpeg can read (false if it cannot be opened at all). */
    public static boolean hasSound(Path path) {
        if (!Files.isRegularFile(path)) {
            return false;
        }
        try (FFmpegFrameGrabber probe = new FFmpegFrameGrabber(path.toFile())) {
            probe.start();
            return probe.getAudioStream() >= 0;
        } catch (FrameGrabber.Exception | RuntimeException e) {
            return false;
        }
    }

    @Override
    public long read(short[] pcm) throws InterruptedException, SourceException {
        fill(pcm.length);
        long now = nanoTime.getAsLong();
        long frameNanos = TimeUnit.MILLISECONDS.toNanos(OpusRtp.FRAME_MILLIS);
        if (nextSample == Long.MIN_VALUE) {
            // The first frame is the one that ends now.
            Instant wall = clock.instant();
            nextSample = OpusRtp.sampleAt(wall.getEpochSecond() * 1_000_000 + wall.getNano() / 1_000)
                    - OpusRtp.FRAME_SAMPLES;
            nextDeadlineNanos = now;
        } else if (now - nextDeadlineNanos > 3 * frameNanos) {
            // The reader stalled: the frames it missed are gone, as a device's would be, so that the
            // file's sound stays where its picture (read in real time) is.
            long missed = (now - nextDeadlineNanos) / frameNanos;
            for (long i = 0; i < missed; i++) {
                framer.take(pcm);
                fill(pcm.length);
            }
            nextSample += missed * OpusRtp.FRAME_SAMPLES;
            nextDeadlineNanos += missed * frameNanos;
        }
        while ((now = nanoTime.getAsLong()) < nextDeadlineNanos) {
            LockSupport.parkNanos(nextDeadlineNanos - now);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
        framer.take(pcm);
        long first = nextSample;
        nextSample += OpusRtp.FRAME_SAMPLES;
        nextDeadlineNanos += frameNanos;
        return first;
    }

    /** Decodes until at least {@code samples} are held, starting the file again at its end. */
    private void fill(int samples) throws SourceException {
        boolean restarted = false;
        while (framer.buffered() < samples) {
            try {
                Frame frame = grabber.grabSamples();
                if (frame == null) {
                    if (restarted) {
                        throw new SourceException(path + " has no sound samples");
                    }
                    grabber.restart();
                    restarted = true;
                    continue;
                }
                if (frame.samples != null && frame.samples.length > 0 && frame.samples[0] instanceof ShortBuffer s) {
                    framer.add(s.duplicate());
                    restarted = false;
                }
            } catch (FrameGrabber.Exception e) {
                throw new SourceException("cannot read the sound of " + path + ": " + AvErrors.inWords(e), e);
            }
        }
    }

    @Override
    public void close() {
        release();
    }

    private void release() {
        try {
            grabber.close();
        } catch (FrameGrabber.Exception e) {
            // letting go of a file we only read from: nothing left to save
        }
    }
}
