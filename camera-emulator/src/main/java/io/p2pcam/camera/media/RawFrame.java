package io.p2pcam.camera.media;

/**
 * One uncompressed picture in YUV420P (I420): the Y plane ({@code width} bytes a row), then U and
 * V ({@code width / 2} bytes a row, {@code height / 2} rows each), packed without padding in
 * {@link #data()}, plus the frame number and capture time.
 *
 * <p><b>Ownership:</b> a source fills one {@code RawFrame} again and again. The frame it returns
 * from {@link VideoSource#next()} is valid until the next call to {@code next()} or {@code close()}
 * on that source; whoever needs it longer calls {@link #copy()}. Not thread-safe.
 */
public final class RawFrame {
    private final VideoFormat format;
    private final byte[] data;
    private long frameNumber;
    private long captureMicros;

    public RawFrame(VideoFormat format) {
        this.format = format;
        this.data = new byte[format.yuv420pBytes()];
    }

    public VideoFormat format() {
        return format;
    }

    public int width() {
        return format.width();
    }

    public int height() {
        return format.height();
    }

    /** All three planes, Y then U then V; written by the source, read by the encoder. */
    public byte[] data() {
        return data;
    }

    public int yOffset() {
        return 0;
    }

    public int uOffset() {
        return format.width() * format.height();
    }

    public int vOffset() {
        return uOffset() + chromaStride() * (format.height() / 2);
    }

    public int lumaStride() {
        return format.width();
    }

    public int chromaStride() {
        return format.width() / 2;
    }

    /** The source's count of frames delivered, from 0. */
    public long frameNumber() {
        return frameNumber;
    }

    /** When the picture was captured, in microseconds since the epoch. */
    public long captureMicros() {
        return captureMicros;
    }

    /** Sets the frame number and capture time; for sources. */
    public void stamp(long frameNumber, long captureMicros) {
        this.frameNumber = frameNumber;
        this.captureMicros = captureMicros;
    }

    /** A copy that stays valid for as long as the caller keeps it. */
    public RawFrame copy() {
        RawFrame copy = new RawFrame(format);
        System.arraycopy(data, 0, copy.data, 0, data.length);
        copy.stamp(frameNumber, captureMicros);
        return copy;
    }
}
