package io.p2pcam.camera.media;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_I;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_NONE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;

/**
 * Low-latency H.264 through FFmpeg's avcodec API and its openh264 encoder ({@code libopenh264},
 * built into JavaCV's libavcodec; LGPL, no x264): constrained baseline, no B-frames, one picture
 * in, one access unit out, no look-ahead, frame skipping off ({@code allow_skip_frames=0}, or
 * skipped pictures would look like losses to viewers), bitrate rate control, an IDR picture at
 * least every {@link EncoderSettings#keyframeInterval()} frames and on request.
 *
 * <p>A keyframe is forced by handing the encoder the picture with {@code pict_type = I}; FFmpeg's
 * openh264 wrapper then calls {@code ForceIntraFrame} (libavcodec/libopenh264enc.c). Every
 * keyframe leaves here with SPS and PPS in front of the IDR slice, so a viewer that joins late can
 * start decoding at any keyframe: openh264 writes them itself, and should it not, the last ones
 * seen are put in front.
 *
 * <p>Owns native memory (codec context, one frame, one packet), freed by {@link #close()}; nothing
 * is allocated natively per picture. Not thread-safe: one thread encodes.
 */
public final class H264Encoder implements AutoCloseable {
    public static final String ENCODER_NAME = "libopenh264";
    /** {@code AV_FRAME_FLAG_KEY} (libavutil/frame.h), a macro the JavaCPP mapping lacks. */
    private static final int AV_FRAME_FLAG_KEY = 1 << 1;

    private static final long MICROS_PER_SECOND = 1_000_000L;

    private final EncoderSettings settings;
    private final AVCodecContext context;
    private final AVFrame picture;
    private final AVPacket packet;
    private final KeyframeParameterSets parameterSets = new KeyframeParameterSets();
    private long firstCaptureMicros = Long.MIN_VALUE;
    private long lastPts = -1;
    private boolean closed;

    /** Sets up and opens the encoder. */
    public H264Encoder(EncoderSettings settings) throws EncoderException {
        this.settings = settings;
        AVCodec codec = avcodec_find_encoder_by_name(ENCODER_NAME);
        if (codec == null || codec.isNull()) {
            throw new EncoderException("this FFmpeg build has no " + ENCODER_NAME + " encoder");
        }
        context = avcodec_alloc_context3(codec);
        picture = av_frame_alloc();
        packet = av_packet_alloc();
        if (context == null || picture == null || packet == null) {
            close();
            throw new EncoderException("out of memory setting up the video encoder");
        }
        try {
            open(codec);
            allocatePicture();
        } catch (EncoderException e) {
            close();
            throw e;
        }
    }

    public EncoderSettings settings() {
        return settings;
    }

    private void open(AVCodec codec) throws EncoderException {
        VideoFormat format = settings.format();
        context.width(format.width());
        context.height(format.height());
        context.pix_fmt(AV_PIX_FMT_YUV420P);
        context.time_base(av_make_q(1, format.fps()));
        context.framerate(av_make_q(format.fps(), 1));
        context.bit_rate(settings.bitrate());
        context.gop_size(settings.keyframeInterval());
        context.max_b_frames(0);
        context.thread_count(settings.threads());
        context.flags(context.flags() & ~AV_CODEC_FLAG_GLOBAL_HEADER); // parameter sets in-band
        AVDictionary options = new AVDictionary(null);
        av_dict_set(options, "allow_skip_frames", "0", 0);
        av_dict_set(options, "rc_mode", "bitrate", 0);
        try {
            FfmpegResults.check(avcodec_open2(context, codec, options), "cannot open the " + ENCODER_NAME + " encoder");
        } finally {
            av_dict_free(options);
        }
    }

    private void allocatePicture() throws EncoderException {
        picture.format(AV_PIX_FMT_YUV420P);
        picture.width(settings.format().width());
        picture.height(settings.format().height());
        FfmpegResults.check(av_frame_get_buffer(picture, 0), "cannot allocate a picture buffer");
    }

    /**
     * Encodes one picture.
     *
     * @param frame a picture in the encoder's format; read during the call only
     * @param forceKeyframe make this picture an IDR keyframe (a viewer asked for one)
     * @return the access unit, or null if the encoder produced none for this picture (it should
     *     not: frame skipping is off)
     * @throws EncoderException if the encoder failed
     * @throws IllegalArgumentException if the picture's format differs from the encoder's
     */
    public EncodedFrame encode(RawFrame frame, boolean forceKeyframe) throws EncoderException {
        if (closed) {
            throw new IllegalStateException("encoder is closed");
        }
        VideoFormat format = settings.format();
        if (frame.width() != format.width() || frame.height() != format.height()) {
            throw new IllegalArgumentException("picture is " + frame.width() + "x" + frame.height()
                    + ", the encoder expects " + format.width() + "x" + format.height());
        }
        FfmpegResults.check(av_frame_make_writable(picture), "cannot reuse the picture buffer");
        copyPlane(frame, frame.yOffset(), frame.lumaStride(), frame.height(), 0);
        copyPlane(frame, frame.uOffset(), frame.chromaStride(), frame.height() / 2, 1);
        copyPlane(frame, frame.vOffset(), frame.chromaStride(), frame.height() / 2, 2);
        long pts = ptsOf(frame.captureMicros());
        picture.pts(pts);
        picture.pict_type(forceKeyframe ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE);
        picture.flags(forceKeyframe ? picture.flags() | AV_FRAME_FLAG_KEY : picture.flags() & ~AV_FRAME_FLAG_KEY);
        FfmpegResults.check(avcodec_send_frame(context, picture), "the video encoder refused a picture");
        int received = avcodec_receive_packet(context, packet);
        if (received == AVERROR_EAGAIN()) {
            return null;
        }
        FfmpegResults.check(received, "the video encoder failed");
        try {
            byte[] accessUnit = new byte[packet.size()];
            packet.data().position(0).get(accessUnit);
            boolean keyframe = (packet.flags() & AV_PKT_FLAG_KEY) != 0;
            byte[] complete = parameterSets.ensureInFront(accessUnit, keyframe);
            return new EncodedFrame(
                    complete, keyframe, frame.frameNumber(), frame.captureMicros(), packet.pts(), packet.dts());
        } finally {
            av_packet_unref(packet);
        }
    }

    /**
     * The picture's timestamp in frame periods, from its capture time, so that the encoder's rate
     * control sees real time even when capture ticks were skipped; always increasing.
     */
    private long ptsOf(long captureMicros) {
        if (firstCaptureMicros == Long.MIN_VALUE) {
            firstCaptureMicros = captureMicros;
        }
        long elapsed = Math.max(0, captureMicros - firstCaptureMicros);
        long pts = Math.max(lastPts + 1, elapsed * settings.format().fps() / MICROS_PER_SECOND);
        lastPts = pts;
        return pts;
    }

    private void copyPlane(RawFrame frame, int offset, int width, int rows, int plane) {
        BytePointer target = picture.data(plane);
        int lineSize = picture.linesize(plane);
        byte[] data = frame.data();
        if (lineSize == width) {
            target.position(0).put(data, offset, width * rows);
            return;
        }
        for (int row = 0; row < rows; row++) {
            target.position((long) row * lineSize).put(data, offset + row * width, width);
        }
    }

    /** Frees the encoder's native memory. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (packet != null) {
            av_packet_free(packet);
        }
        if (picture != null) {
            av_frame_free(picture);
        }
        if (context != null) {
            avcodec_free_context(context);
        }
    }
}
