package io.p2pcam.camera.media;

import java.time.Clock;
import java.time.Instant;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.Frame;

/**
 * Copies pictures out of JavaCV's {@code FFmpegFrameGrabber}, which reuses its native buffer on
 * every grab and pads rows: the grabber is asked for YUV420P at the wanted size, and each plane is
 * copied row by row from the converted {@link AVFrame} it keeps in {@link Frame#opaque}.
 */
final class GrabberFrames {
    private GrabberFrames() {}

    static void copy(Frame grabbed, RawFrame target) throws SourceException {
        if (!(grabbed.opaque instanceof AVFrame picture)
                || grabbed.imageWidth != target.width()
                || grabbed.imageHeight != target.height()) {
            throw new SourceException("the grabber delivered a " + grabbed.imageWidth + "x" + grabbed.imageHeight
                    + " picture in an unexpected layout, not YUV420P " + target.width() + "x" + target.height());
        }
        copyPlane(picture, 0, target, target.yOffset(), target.lumaStride(), target.height());
        copyPlane(picture, 1, target, target.uOffset(), target.chromaStride(), target.height() / 2);
        copyPlane(picture, 2, target, target.vOffset(), target.chromaStride(), target.height() / 2);
    }

    private static void copyPlane(AVFrame picture, int plane, RawFrame target, int offset, int width, int rows) {
        BytePointer source = picture.data(plane);
        int lineSize = picture.linesize(plane);
        byte[] data = target.data();
        if (lineSize == width) {
            source.position(0).get(data, offset, width * rows);
            return;
        }
        for (int row = 0; row < rows; row++) {
            source.position((long) row * lineSize).get(data, offset + row * width, width);
        }
    }

    static long micros(Clock clock) {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
