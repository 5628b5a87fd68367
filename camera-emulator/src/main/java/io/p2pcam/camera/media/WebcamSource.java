package io.p2pcam.camera.media;

import io.p2pcam.media.codec.AvErrors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Pictures from a camera through FFmpeg's capture devices: {@code v4l2} on Linux (device
 * {@code /dev/video0} unless named), {@code dshow} on Windows ({@code video=NAME}, a name is
 * required) and {@code avfoundation} on macOS (device index, {@code 0} unless named). The camera
 * is asked for the wanted size and rate; whatever it delivers is scaled to the size. {@link #next()}
 * blocks until the camera has a new picture. Not thread-safe; see {@link RawFrame} for frame
 * ownership.
 */
public final class WebcamSource implements VideoSource {
    private static final String FALLBACK = "; use --source synthetic to run without a camera";

    private final String device;
    private final VideoFormat format;
    private final FFmpegFrameGrabber grabber;
    private final GrabberOutput output;

    /**
     * Opens a camera.
     *
     * @param device the platform's device name, or null for the platform default
     * @throws SourceException if there is no such camera or it cannot be opened; the message
     *     suggests {@code --source synthetic}
     */
    public WebcamSource(String device, VideoFormat format, Clock clock) throws SourceException {
        Platform platform = Platform.current();
        if (platform.inputFormat == null) {
            throw new SourceException("cameras are not supported on " + System.getProperty("os.name") + FALLBACK);
        }
        String chosen = device != null ? device : platform.defaultDevice;
        if (chosen == null) {
            throw new SourceException("name the camera, e.g. --source webcam:\"Integrated Camera\"" + FALLBACK);
        }
        if (platform == Platform.LINUX && !Files.exists(Path.of(chosen))) {
            throw new SourceException("no camera at " + chosen + FALLBACK);
        }
        this.device = chosen;
        this.format = format;
        this.grabber = new FFmpegFrameGrabber(platform == Platform.WINDOWS ? "video=" + chosen : chosen);
        this.output = new GrabberOutput(grabber, format, clock);
        grabber.setFormat(platform.inputFormat);
        grabber.setImageWidth(format.width());
        grabber.setImageHeight(format.height());
        grabber.setFrameRate(format.fps());
        grabber.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        GrabberStart.start(grabber, why -> "cannot open camera " + chosen + " (" + why + ")" + FALLBACK, this::release);
    }

    @Override
    public VideoFormat format() {
        return format;
    }

    @Override
    public RawFrame next() throws SourceException {
        try {
            Frame grabbed = grabber.grabImage();
            if (grabbed == null) {
                throw new SourceException("camera " + device + " stopped delivering pictures");
            }
            return output.deliver(grabbed);
        } catch (FrameGrabber.Exception e) {
            throw new SourceException("cannot read camera " + device + ": " + AvErrors.inWords(e), e);
        }
    }

    @Override
    public void close() {
        release();
    }

    private void release() {
        output.close();
    }
}
