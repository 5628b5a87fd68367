package io.p2pcam.viewer.engine.decode;

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
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_opt_set;

import io.p2pcam.media.codec.AvErrors;
import io.p2pcam.protocol.media.DepacketizerEvent.AccessUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;

/**
 * Test-only: encodes {@link TestPattern} pictures with libopenh264 through the avcodec API (as the
 * camera will), no B-frames, frame skipping off, one access unit per picture.
 */
public final class H264TestEncoder implements AutoCloseable {

    public static final int GOP = 30;
    private static final long RTP_TICKS_PER_FRAME = 90_000 / 30;

    private final TestPattern pattern;
    private final AVCodecContext context;
    private final AVFrame frame;
    private final AVPacket packet;
    private final boolean textured;
    private int frameNumber;

    /** An encoder of flat {@link TestPattern} pictures. */
    public H264TestEncoder(int width, int height) {
        this(width, height, false);
    }

    /**
     * An encoder of {@link TestPattern} pictures; {@code textured} adds moving noise to the luma
     * of the whole picture, so that the decoder has camera-like work to do (for throughput).
     */
    H264TestEncoder(int width, int height, boolean textured) {
        this.textured = textured;
        pattern = new TestPattern(width, height);
        AVCodec codec = avcodec_find_encoder_by_name("libopenh264");
        if (codec == null || codec.isNull()) {
            throw new IllegalStateException("no libopenh264 encoder");
        }
        context = avcodec_alloc_context3(codec);
        context.width(width).height(height).pix_fmt(AV_PIX_FMT_YUV420P);
        context.time_base(new AVRational().num(1).den(30));
        context.framerate(new AVRational().num(30).den(1));
        context.bit_rate(width * height * 8L);
        context.gop_size(GOP).max_b_frames(0);
        check(av_opt_set(context.priv_data(), "allow_skip_frames", "0", 0), "allow_skip_frames");
        check(avcodec_open2(context, codec, (AVDictionary) null), "open libopenh264");
        frame = av_frame_alloc();
        frame.format(AV_PIX_FMT_YUV420P).width(width).height(height);
        check(av_frame_get_buffer(frame, 0), "frame buffer");
        packet = av_packet_alloc();
    }

    public TestPattern pattern() {
        return pattern;
    }

    /** Encodes the next picture; {@code forceKeyframe} asks for an IDR (as a PLI would). */
    public AccessUnit encodeNext(boolean forceKeyframe) {
        int n = frameNumber++;
        check(av_frame_make_writable(frame), "writable frame");
        paint(n);
        frame.pts(n);
        frame.pict_type(forceKeyframe ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE);
        check(avcodec_send_frame(context, frame), "send_frame");
        List<byte[]> out = new ArrayList<>();
        boolean key = false;
        int received;
        while ((received = avcodec_receive_packet(context, packet)) == 0) {
            byte[] bytes = new byte[packet.size()];
            packet.data().get(bytes);
            out.add(bytes);
            key |= (packet.flags() & AV_PKT_FLAG_KEY) != 0;
            av_packet_unref(packet);
        }
        if (received != AVERROR_EAGAIN()) {
            check(received, "receive_packet");
        }
        if (out.size() != 1) {
            throw new IllegalStateException("frame " + n + " gave " + out.size() + " packets");
        }
        return new AccessUnit(n * RTP_TICKS_PER_FRAME, key, out.getFirst());
    }

    /** Encodes {@code count} pictures; keyframes every {@link #GOP} as the encoder decides. */
    public List<AccessUnit> encode(int count) {
        List<AccessUnit> units = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            units.add(encodeNext(false));
        }
        return units;
    }

    private void paint(int n) {
        int width = pattern.width();
        int height = pattern.height();
        fillPlane(
                0,
                width,
                height,
                TestPattern.yuv(TestPattern.BACKGROUND_RGB)[0],
                TestPattern.yuv(pattern.blockRgb(n))[0],
                pattern.blockX(n),
                pattern.blockY(n),
                1);
        for (int plane = 1; plane <= 2; plane++) {
            fillPlane(
                    plane,
                    width / 2,
                    height / 2,
                    TestPattern.yuv(TestPattern.BACKGROUND_RGB)[plane],
                    TestPattern.yuv(pattern.blockRgb(n))[plane],
                    pattern.blockX(n),
                    pattern.blockY(n),
                    2);
        }
    }

    private void fillPlane(
            int plane, int width, int height, int background, int block, int blockX, int blockY, int subsampling) {
        BytePointer data = frame.data(plane);
        int stride = frame.linesize(plane);
        byte[] row = new byte[width];
        int x0 = blockX / subsampling;
        int y0 = blockY / subsampling;
        int size = TestPattern.BLOCK / subsampling;
        for (int y = 0; y < height; y++) {
            Arrays.fill(row, (byte) background);
            if (y >= y0 && y < y0 + size) {
                Arrays.fill(row, x0, x0 + size, (byte) block);
            }
            if (textured && plane == 0) {
                addNoise(row, y);
            }
            data.position((long) y * stride).put(row, 0, width);
        }
        data.position(0);
    }

    private void addNoise(byte[] row, int y) {
        int seed = y * 0x9E3779B1 + frameNumber * 0x85EBCA6B;
        for (int x = 0; x < row.length; x++) {
            int hash = (seed + x * 0xC2B2AE35) * 0x27D4EB2F;
            int noisy = Byte.toUnsignedInt(row[x]) + ((hash >>> 29) - 4);
            row[x] = (byte) Math.clamp(noisy, 16, 235);
        }
    }

    @Override
    public void close() {
        av_packet_free(packet);
        av_frame_free(frame);
        avcodec_free_context(context);
    }

    private static void check(int result, String what) {
        if (result < 0) {
            throw new IllegalStateException(what + ": " + AvErrors.describe(result));
        }
    }
}
