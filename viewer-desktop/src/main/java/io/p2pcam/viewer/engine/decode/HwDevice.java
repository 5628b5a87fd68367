package io.p2pcam.viewer.engine.decode;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_HW_CONFIG_METHOD_HW_DEVICE_CTX;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_hw_config;
import static org.bytedeco.ffmpeg.global.avutil.AV_HWDEVICE_TYPE_NONE;
import static org.bytedeco.ffmpeg.global.avutil.av_buffer_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_hwdevice_ctx_create;
import static org.bytedeco.ffmpeg.global.avutil.av_hwdevice_find_type_by_name;
import static org.bytedeco.ffmpeg.global.avutil.av_hwdevice_get_type_name;
import static org.bytedeco.ffmpeg.global.avutil.av_hwdevice_iterate_types;

import io.p2pcam.media.codec.AvErrors;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecHWConfig;
import org.bytedeco.ffmpeg.avutil.AVBufferRef;

/**
 * An opened FFmpeg hardware device ({@code av_hwdevice_ctx_create}) that H.264 decoders share, and
 * the pixel format its decoded pictures come in. One device serves every tile; it is freed when
 * the process ends (or by {@link #close()}).
 *
 * @param type FFmpeg's name of the device type, e.g. "vaapi"
 * @param context the device context reference (owned by this record)
 * @param pixelFormat the hardware pixel format H.264 pictures decoded on it have
 */
public record HwDevice(String type, AVBufferRef context, int pixelFormat) implements AutoCloseable {

    /** Opens devices; the real one is FFmpeg's, tests count the calls. */
    @FunctionalInterface
    public interface Opener {
        /** Opens a device of {@code type}, or says why not. */
        Opened open(String type);
    }

    /** A device, or why there is none. */
    public sealed interface Opened {
        /** The device opened. */
        record Device(HwDevice device) implements Opened {}

        /** No device: {@code reason} says why, for the overlay and the log. */
        record Failed(String type, String reason) implements Opened {}
    }

    /** The hardware device types compiled into this FFmpeg build (whether or not this machine has one). */
    public static List<String> compiledTypes() {
        List<String> types = new ArrayList<>();
        int type = AV_HWDEVICE_TYPE_NONE;
        while ((type = av_hwdevice_iterate_types(type)) != AV_HWDEVICE_TYPE_NONE) {
            types.add(av_hwdevice_get_type_name(type).getString());
        }
        return types;
    }

    /** FFmpeg's own opener: {@code av_hwdevice_ctx_create} on the type's default device. */
    public static Opened openWithFfmpeg(String typeName) {
        int type = av_hwdevice_find_type_by_name(typeName);
        if (type == AV_HWDEVICE_TYPE_NONE) {
            return new Opened.Failed(
                    typeName, "not in this FFmpeg build (it has: " + String.join(", ", compiledTypes()) + ")");
        }
        int pixelFormat = h264PixelFormat(type);
        if (pixelFormat < 0) {
            return new Opened.Failed(typeName, "FFmpeg's H.264 decoder cannot use it in this build");
        }
        AVBufferRef context = new AVBufferRef(null);
        int created = av_hwdevice_ctx_create(context, type, (String) null, null, 0);
        if (created < 0) {
            return new Opened.Failed(typeName, "no device: " + AvErrors.describe(created));
        }
        return new Opened.Device(new HwDevice(typeName, context, pixelFormat));
    }

    /** The pixel format of the H.264 decoder's hwaccel for {@code type}, or -1 without one. */
    private static int h264PixelFormat(int type) {
        AVCodec codec = avcodec_find_decoder(AV_CODEC_ID_H264);
        if (codec == null || codec.isNull()) {
            return -1;
        }
        for (int i = 0; ; i++) {
            AVCodecHWConfig config = avcodec_get_hw_config(codec, i);
            if (config == null || config.isNull()) {
                return -1;
            }
            if (config.device_type() == type && (config.methods() & AV_CODEC_HW_CONFIG_METHOD_HW_DEVICE_CTX) != 0) {
                return config.pix_fmt();
            }
        }
    }

    @Override
    public void close() {
        av_buffer_unref(context);
    }
}
