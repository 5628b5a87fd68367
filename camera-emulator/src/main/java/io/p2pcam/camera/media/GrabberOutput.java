package io.p2pcam.camera.media;

import java.time.Clock;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * What the grabber-backed sources ({@link FileSource}, {@link WebcamSource}) share: one reused
 * {@link RawFrame} that each grabbed picture is copied into (the grabber reuses its own buffer) and
 * stamped with a frame number and capture time, and the grabber's release. Not thread-safe.
 */
final class GrabberOutput implements AutoCloseable {
    private final FFmpegFrameGrabber grabber;
    private final RawFrame frame;
    private final Clock clock;
    private long frameNumber;

    GrabberOutput(FFmpegFrameGrabber grabber, VideoFormat format, Clock clock) {
        this.grabber = grabber;
        this.frame = new RawFrame(format);
        this.clock = clock;
    }

    /** Copies {@code grabbed} out of the grabber's buffer; the result is valid until the next call. */
    RawFrame deliver(Frame grabbed) throws SourceException {
        GrabberFrames.copy(grabbed, frame);
        frame.stamp(frameNumber++, GrabberFrames.micros(clock));
        return frame;
    }

    @Override
    public void close() {
        try {
            grabber.close();
        } catch (FrameGrabber.Exception e) {
            // letting go of a file or device we only read from: nothing left to save
        }
    }
}
