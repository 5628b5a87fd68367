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

    /**
     * Whether each picture carries a {@link io.p2pcam.protocol.media.PixelCode} stamp of its frame
     * number and capture time (the test pattern does): a scaled copy (the sub-stream) is stamped
     * again at its own size, since the stamp's block size follows the picture size.
     */
    default boolean stampsPictures() {
        return false;
    }

    /** Releases the device, file or native memory. Frames returned earlier become invalid. */
    @Override
    void close();
}
