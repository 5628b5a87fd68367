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
 * Pictures from a video file (any container and codec FFmpeg reads), scaled to the wanted size and
 * converted to YUV420P by swscale, one per call: the file's own frame rate is ignored, the caller's
 * pacing sets the rate. At the end of the file it starts again from the beginning. Not
 * thread-safe; see {@link RawFrame} for frame ownership.
 */
public final class FileSource implements VideoSource {
    private final Path path;
    private final VideoFormat format;
    private final FFmpegFrameGrabber grabber;
    private final GrabberOutput output;

    public FileSource(Path path, VideoFormat format, Clock clock) throws SourceException {
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new SourceException("cannot read video file " + path);
        }
        this.path = path;
        this.format = format;
        this.grabber = new FFmpegFrameGrabber(path.toFile());
        this.output = new GrabberOutput(grabber, format, clock);
        grabber.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        grabber.setImageWidth(format.width());
        grabber.setImageHeight(format.height());
        GrabberStart.start(grabber, why -> "cannot open video file " + path + ": " + why, this::release);
        if (grabber.getVideoStream() < 0 || grabber.getImageWidth() <= 0) {
            release();
            throw new SourceException(path + " has no video");
        }
    }

    @Override
    public VideoFormat format() {
        return format;
    }

    @Override
    public RawFrame next() throws SourceException {
        try {
            Frame grabbed = grabber.grabImage();
            if (grabbed == null) { // end of file: loop
                grabber.restart();
                grabbed = grabber.grabImage();
                if (grabbed == null) {
                    throw new SourceException(path + " has no video frames");
                }
            }
            return output.deliver(grabbed);
        } catch (FrameGrabber.Exception e) {
            throw new SourceException("cannot read video file " + path + ": " + AvErrors.inWords(e), e);
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
