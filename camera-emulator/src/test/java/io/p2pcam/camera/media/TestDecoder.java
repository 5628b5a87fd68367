package io.p2pcam.camera.media;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_LOW_DELAY;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGRA;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * FFmpeg's H.264 decoder as a viewer uses it (scrcpy style: whole access units straight to
 * {@code avcodec_send_packet}, low delay, no parser), for checking what the encoder produced.
 */
final class TestDecoder implements AutoCloseable {

    /** A decoded picture: its luma plane (tightly packed) and, if asked for, BGRA pixels. */
    record Picture(int width, int height, byte[] luma, byte[] bgra) {}

    private final AVCodecContext context;
    private final AVPacket packet;
    private final AVFrame frame;
    private final boolean withBgra;
    private SwsContext scaler;

    TestDecoder(boolean withBgra) {
        this.withBgra = withBgra;
        context = avcodec_alloc_context3(avcodec_find_decoder(AV_CODEC_ID_H264));
        context.flags(context.flags() | AV_CODEC_FLAG_LOW_DELAY);
        context.thread_count(1);
        if (avcodec_open2(context, avcodec_find_decoder(AV_CODEC_ID_H264), (AVDictionary) null) < 0) {
            throw new IllegalStateException("cannot open the H.264 decoder");
        }
        packet = av_packet_alloc();
        frame = av_frame_alloc();
    }

    /** Decodes one access unit; returns the pictures that came out (one, with low delay). */
    List<Picture> decode(byte[] accessUnit) {
        BytePointer data = new BytePointer(accessUnit.length);
        try {
            data.put(accessUnit);
            packet.data(data);
            packet.size(accessUnit.length);
            if (avcodec_send_packet(context, packet) < 0) {
                throw new IllegalStateException("decoder refused an access unit");
            }
        } finally {
            packet.data(null);
            packet.size(0);
            data.close();
        }
        List<Picture> pictures = new ArrayList<>();
        while (true) {
            int result = avcodec_receive_frame(context, frame);
            if (result == AVERROR_EAGAIN()) {
                return pictures;
            }
            if (result < 0) {
                throw new IllegalStateException("decoder failed: " + result);
            }
            pictures.add(picture());
        }
    }

    private Picture picture() {
        int width = frame.width();
        int height = frame.height();
        byte[] luma = new byte[width * height];
        BytePointer plane = frame.data(0);
        for (int row = 0; row < height; row++) {
            plane.position((long) row * frame.linesize(0)).get(luma, row * width, width);
        }
        return new Picture(width, height, luma, withBgra ? bgra(width, height) : null);
    }

    private byte[] bgra(int width, int height) {
        if (scaler == null) {
            scaler = sws_getContext(
                    width,
                    height,
                    frame.format(),
                    width,
                    height,
                    AV_PIX_FMT_BGRA,
                    SWS_BILINEAR,
                    null,
                    null,
                    (DoublePointer) null);
        }
        int stride = width * 4;
        try (BytePointer target = new BytePointer((long) stride * height);
                IntPointer strides = new IntPointer(stride, 0, 0, 0);
                PointerPointer<BytePointer> targets = new PointerPointer<>(target, null, null, null)) {
            sws_scale(scaler, frame.data(), frame.linesize(), 0, height, targets, strides);
            byte[] bgra = new byte[stride * height];
            target.get(bgra);
            return bgra;
        }
    }

    @Override
    public void close() {
        if (scaler != null) {
            sws_freeContext(scaler);
        }
        av_frame_free(frame);
        av_packet_free(packet);
        avcodec_free_context(context);
    }
}
