package io.p2pcam.viewer.engine.decode;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG2_FAST;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_LOW_DELAY;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_flush_buffers;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_buffer_ref;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_copy_props;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_move_ref;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_hwframe_transfer_data;

import io.p2pcam.media.codec.AvErrors;
import java.util.Objects;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;

/**
 * FFmpeg's H.264 decoder set up for the lowest latency, fed one complete access unit at a time
 * (Annex B, start codes included, SPS/PPS in band before IDRs), the way scrcpy feeds it: no
 * demuxer, no probing, no {@code AVCodecParser}. With {@code AV_CODEC_FLAG_LOW_DELAY} and slice
 * threads only (frame threads would hold back one picture per thread) every access unit of a
 * stream without B-frames gives its picture back from the same {@link #decode} call.
 *
 * <p>Corrupt input never throws: it yields {@link DecodeStatus#ERROR} with {@link #lastError()}
 * saying why, and decoding resumes cleanly at the next IDR (after {@link #flush()} if the caller
 * wants no stale references at all).
 *
 * <p>Memory: the packet, the two frames and the input buffer are allocated once (the input buffer
 * grows, rarely, to the largest access unit seen) and freed by {@link #close()}; nothing native
 * is allocated per call by this class.
 *
 * <p>Thread-safety: none; confine an instance to one thread (the session's decode thread).
 */
public final class H264Decoder implements PictureDecoder {

    /** {@code FF_THREAD_SLICE} from libavcodec/avcodec.h (not exported by the JavaCPP preset). */
    private static final int FF_THREAD_SLICE = 2;
    /** {@code AV_FRAME_FLAG_CORRUPT} from libavutil/frame.h: the picture was concealed. */
    private static final int AV_FRAME_FLAG_CORRUPT = 1;

    private static final int DEFAULT_THREADS = 2;
    /** H.264 level 6.2's largest picture, 139,264 macroblocks (Table A-1): 8192 x 4320 and a bit more. */
    static final long MAX_PIXELS = 139_264L * 16 * 16;

    private static final int INITIAL_INPUT_CAPACITY = 256 * 1024;
    private static final byte[] PADDING = new byte[AV_INPUT_BUFFER_PADDING_SIZE];

    private final AVCodecContext context;
    private final AVPacket packet;
    private final AVFrame frame;
    private final AVFrame spare;
    /** Hardware decoding: where pictures are copied from the device; null in software. */
    private final HwDevice device;

    private final AVFrame transferred;
    private String hardwareProblem = "";
    private BytePointer input;
    private long inputCapacity;
    private boolean hasFrame;
    private String lastError = "";
    private boolean closed;

    /** A decoder with two slice threads. */
    public H264Decoder() {
        this(DEFAULT_THREADS);
    }

    /**
     * A decoder with {@code threadCount} slice threads (1 decodes on the calling thread only).
     *
     * @throws IllegalStateException if this FFmpeg build has no usable H.264 decoder
     */
    public H264Decoder(int threadCount) {
        this(threadCount, null);
    }

    /**
     * A decoder on a hardware device (FFmpeg hwaccel): pictures are decoded there and copied back
     * into memory for conversion. Opening succeeds even where the device cannot decode this stream;
     * that shows at the first pictures ({@link #decode} errors, or {@link #hardwareProblem()} says
     * FFmpeg fell back to software by itself). The device is shared, not owned.
     */
    public H264Decoder(HwDevice device) {
        this(1, Objects.requireNonNull(device));
    }

    private H264Decoder(int threadCount, HwDevice device) {
        if (threadCount < 1) {
            throw new IllegalArgumentException("threadCount " + threadCount);
        }
        AVCodec codec = avcodec_find_decoder(AV_CODEC_ID_H264);
        if (codec == null || codec.isNull()) {
            throw new IllegalStateException("This FFmpeg build has no H.264 decoder");
        }
        context = avcodec_alloc_context3(codec);
        context.flags(context.flags() | AV_CODEC_FLAG_LOW_DELAY);
        // FLAG2_FAST allows non-spec-compliant speedups; for H.264 it only skips the range check
        // of the weighted-prediction tables, which conforming streams never trip.
        context.flags2(context.flags2() | AV_CODEC_FLAG2_FAST);
        // A camera's SPS may claim any size FFmpeg's own bound allows (about 16,000 x 16,000: 384 MB
        // a picture, several of them pooled), taken before a macroblock is checked: no more than
        // H.264's largest level has (6.2, Table A-1), whatever a hostile camera says.
        context.max_pixels(MAX_PIXELS);
        context.thread_type(FF_THREAD_SLICE);
        context.thread_count(threadCount);
        this.device = device;
        if (device != null) {
            // FFmpeg's default get_format picks the hwaccel of the device given here.
            context.hw_device_ctx(av_buffer_ref(device.context()));
        }
        int opened = avcodec_open2(context, codec, (AVDictionary) null);
        if (opened < 0) {
            avcodec_free_context(context);
            throw new IllegalStateException("Cannot open the H.264 decoder: " + AvErrors.describe(opened));
        }
        packet = av_packet_alloc();
        frame = av_frame_alloc();
        spare = av_frame_alloc();
        transferred = device == null ? null : av_frame_alloc();
        growInput(INITIAL_INPUT_CAPACITY);
    }

    /**
     * Decodes one complete access unit.
     *
     * @param annexB the access unit in Annex B form; read during the call only
     * @param length how many bytes of {@code annexB} to decode, from index 0
     * @param pts the timestamp to carry to the picture ({@link AVFrame#pts()})
     * @return {@link DecodeStatus#FRAME} if a picture is now in {@link #frame()}, {@link
     *     DecodeStatus#NO_FRAME} if none came out, {@link DecodeStatus#ERROR} for corrupt data
     */
    @Override
    public DecodeStatus decode(byte[] annexB, int length, long pts) {
        Objects.checkFromIndexSize(0, length, annexB.length);
        ensureOpen();
        hasFrame = false;
        if (length == 0) {
            return error("empty access unit");
        }
        if (length + PADDING.length > inputCapacity) {
            growInput(Math.max(inputCapacity * 2, length + PADDING.length));
        }
        // FFmpeg's bitstream readers may read past the end: the padding must be zeros.
        input.position(0).put(annexB, 0, length);
        input.position(length).put(PADDING, 0, PADDING.length);
        input.position(0);
        packet.data(input).size(length).pts(pts).dts(AV_NOPTS_VALUE);

        int sent = avcodec_send_packet(context, packet);
        if (sent < 0) {
            return error("decoder refused the access unit: " + AvErrors.describe(sent));
        }
        int received = avcodec_receive_frame(context, frame);
        if (received == AVERROR_EAGAIN()) {
            return DecodeStatus.NO_FRAME;
        }
        if (received < 0) {
            return error("decoding failed: " + AvErrors.describe(received));
        }
        // One access unit should give one picture; if a stream had more, keep only the newest.
        while (avcodec_receive_frame(context, spare) == 0) {
            av_frame_unref(frame);
            av_frame_move_ref(frame, spare);
        }
        int errorFlags = frame.decode_error_flags();
        if (errorFlags != 0 || (frame.flags() & AV_FRAME_FLAG_CORRUPT) != 0) {
            av_frame_unref(frame);
            return error("picture concealed after bitstream errors (decode_error_flags=" + errorFlags + ")");
        }
        if (device != null) {
            if (frame.format() != device.pixelFormat()) {
                av_frame_unref(frame);
                hardwareProblem =
                        "FFmpeg could not decode this stream on " + device.type() + " and fell back to software";
                return error(hardwareProblem);
            }
            av_frame_unref(transferred);
            int copied = av_hwframe_transfer_data(transferred, frame, 0);
            if (copied < 0) {
                av_frame_unref(frame);
                hardwareProblem =
                        "copying a picture from the " + device.type() + " device failed: " + AvErrors.describe(copied);
                return error(hardwareProblem);
            }
            av_frame_copy_props(transferred, frame);
            av_frame_unref(frame);
            av_frame_move_ref(frame, transferred);
        }
        hasFrame = true;
        return DecodeStatus.FRAME;
    }

    /**
     * Why hardware decoding did not work (empty if it did, or in software): the device could not
     * decode the stream, or a picture could not be copied from it.
     */
    public String hardwareProblem() {
        return hardwareProblem;
    }

    @Override
    public String decoderName() {
        return device == null ? "sw" : "hw: " + device.type();
    }

    /**
     * The picture of the last {@link DecodeStatus#FRAME}, in the decoder's pixel format (usually
     * {@code AV_PIX_FMT_YUV420P}; NV12 or the like from a hardware device, in memory). Owned by the decoder: valid until the next {@link #decode},
     * {@link #flush()} or {@link #close()}; do not free or unref it.
     *
     * @throws IllegalStateException if the last call produced no picture
     */
    @Override
    public AVFrame frame() {
        ensureOpen();
        if (!hasFrame) {
            throw new IllegalStateException("The last decode produced no picture");
        }
        return frame;
    }

    /** Why the last {@link DecodeStatus#ERROR} happened; empty before any error. */
    @Override
    public String lastError() {
        return lastError;
    }

    /** Drops every reference picture and buffered state, as before a fresh IDR. */
    @Override
    public void flush() {
        ensureOpen();
        hasFrame = false;
        av_frame_unref(frame);
        avcodec_flush_buffers(context);
    }

    /** Frees the native decoder and buffers. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        hasFrame = false;
        av_frame_free(frame);
        av_frame_free(spare);
        if (transferred != null) {
            av_frame_free(transferred);
        }
        packet.data(null).size(0);
        av_packet_free(packet);
        avcodec_free_context(context);
        input.close();
    }

    private DecodeStatus error(String message) {
        lastError = message;
        return DecodeStatus.ERROR;
    }

    private void growInput(long capacity) {
        if (input != null) {
            input.close();
        }
        input = new BytePointer(capacity);
        inputCapacity = capacity;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("Decoder closed");
        }
    }
}
