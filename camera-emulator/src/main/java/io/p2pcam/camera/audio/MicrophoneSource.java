package io.p2pcam.camera.audio;

import io.p2pcam.camera.media.AudioInputs;
import io.p2pcam.camera.media.GrabberStart;
import io.p2pcam.camera.media.SourceException;
import io.p2pcam.media.codec.AvErrors;
import io.p2pcam.protocol.audio.OpusRtp;
import java.nio.ShortBuffer;
import java.time.Clock;
import java.time.Instant;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sound from a microphone through FFmpeg's capture devices ({@link AudioInputs}): converted by
 * FFmpeg to 48 kHz mono 16-bit whatever the device delivers, cut into 20 ms frames and stamped on
 * the capture clock by a {@link DeviceTimeline} (arrival time minus what is still buffered).
 *
 * <p>PulseAudio is asked for {@link #FRAGMENT_BYTES}-byte fragments (one frame): its default
 * fragment is a large fraction of a second, which would all be latency. {@link #read} blocks
 * until the device has delivered a frame. Not thread-safe: the audio loop's thread reads it.
 */
public final class MicrophoneSource implements AudioSource {
    private static final Logger LOG = LoggerFactory.getLogger(MicrophoneSource.class);
    /** One 20 ms frame of 48 kHz mono 16-bit sound. */
    static final int FRAGMENT_BYTES = OpusRtp.FRAME_SAMPLES * 2;

    private final AudioInputs.Input input;
    private final FFmpegFrameGrabber grabber;
    private final Clock clock;
    private final PcmFramer framer = new PcmFramer();
    private final DeviceTimeline timeline = new DeviceTimeline();
    private long arrivalSample;

    /**
     * Opens a microphone.
     *
     * @param device as {@code devices} lists it; null for the platform's default input
     * @throws SourceException if there is no such device or it cannot be opened
     */
    public MicrophoneSource(String device, Clock clock) throws SourceException {
        this.input = AudioInputs.resolve(device);
        this.clock = clock;
        this.grabber = input.grabber();
        grabber.setSampleMode(FrameGrabber.SampleMode.SHORT);
        grabber.setSampleFormat(avutil.AV_SAMPLE_FMT_S16);
        grabber.setSampleRate(OpusRtp.CLOCK_RATE);
        grabber.setAudioChannels(OpusRtp.CHANNELS);
        if (input.format().equals("pulse")) {
            grabber.setOption("fragment_size", String.valueOf(FRAGMENT_BYTES));
            grabber.setOption("name", "p2pcam-camera");
        }
        GrabberStart.start(
                grabber, why -> "cannot open the microphone " + input.label() + " (" + why + ")", this::release);
        if (grabber.getAudioChannels() <= 0) {
            release();
            throw new SourceException(input.label() + " delivers no sound");
        }
    }

    /** Which device this is, for the log. */
    public String describe() {
        return input.label();
    }

    @Override
    public long read(short[] pcm) throws InterruptedException, SourceException {
        while (framer.buffered() < pcm.length) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            Frame frame;
            try {
                frame = grabber.grabSamples();
            } catch (FrameGrabber.Exception e) {
                throw new SourceException(
                        "cannot read the microphone " + input.label() + ": " + AvErrors.inWords(e), e);
            }
            if (frame == null) {
                throw new SourceException("the microphone " + input.label() + " stopped delivering sound");
            }
            if (frame.samples != null && frame.samples.length > 0 && frame.samples[0] instanceof ShortBuffer samples) {
                arrivalSample = OpusRtp.sampleAt(micros(clock));
                framer.add(samples.duplicate());
            }
        }
        long first = timeline.nextFrame(arrivalSample, framer.buffered());
        framer.take(pcm);
        return first;
    }

    private static long micros(Clock clock) {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }

    /** How often the capture timeline started again so far ({@link DeviceTimeline#resyncs()}). */
    long resyncs() {
        return timeline.resyncs();
    }

    @Override
    public void close() {
        if (timeline.resyncs() > 0) {
            LOG.info(
                    "{}: the capture timeline started again {} times (overruns or clock drift)",
                    input.label(),
                    timeline.resyncs());
        }
        release();
    }

    private void release() {
        try {
            grabber.close();
        } catch (FrameGrabber.Exception e) {
            // letting go of a device we only read from: nothing left to save
        }
    }
}
