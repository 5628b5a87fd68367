package io.p2pcam.camera.media;

/**
 * Where pictures come from: a test pattern, a video file or a webcam. The caller paces the calls
 * to {@link #next()} (sources never sleep to keep time, though a webcam blocks until its next
 * picture). Not thread-safe: one thread uses a source from its creation to {@link #close()}.
 */
public interface VideoSource extends AutoCloseable {

    /** What {@link #next()} delivers. */
    VideoFormat format();

    /**
     * The next picture, in YUV420P at {@link #format()}'s size.
     *
     * @return a frame owned by the source, valid until the next call to {@code next()} or
     *     {@code close()} (see {@link RawFrame})
     * @throws SourceException if the source failed (device unplugged, file unreadable)
     */
    RawFrame next() throws SourceException;

    /** Releases the device, file or native memory. Frames returned earlier become invalid. */
    @Override
    void close();
}
