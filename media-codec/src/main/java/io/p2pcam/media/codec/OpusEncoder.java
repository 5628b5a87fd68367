package io.p2pcam.media.codec;

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
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_count;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;

import io.p2pcam.protocol.audio.OpusRtp;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.ShortPointer;

/**
 * The sound's encoder, the camera's and talkback's: 48 kHz mono 16-bit PCM to Opus through FFmpeg's
 * libopus wrapper (docs/PROTOCOL.md §10.7: {@code voip} application, SILK for speech, which is what
 * in-band FEC needs; 20 ms frames, {@link #BITRATE} bit/s VBR, in-band FEC for {@link
 * #EXPECTED_LOSS_PERCENT} % loss, complexity {@link #COMPLEXITY}). One frame in, one packet out. No DTX: FFmpeg 7.1's wrapper
 * (libavcodec/libopusenc.c) has no option for it, so silence costs about 20 bytes a frame. A
 * failure to open (an FFmpeg build without libopus, an option it does not know) is an {@link
 * IllegalStateException}: the build is broken, nothing at run time can mend it.
 *
 * <p>Owns native memory freed by {@link #close()}. Not thread-safe: one thread encodes.
 */
public final class OpusEncoder implements AutoCloseable {
    public static final String ENCODER_NAME = "libopus";
    public static final int BITRATE = 32_000;
    public static final int EXPECTED_LOSS_PERCENT = 10;
    /**
     * libopus's complexity (0–10; FFmpeg's {@code compression_level}). Its default, 10, cost 2.4 % of a
     * core for one 48 kHz mono stream here, 5 costs 1.4 % for packets of the same size (the marked
     * sound: 34 and 33 bytes a frame); WebRTC runs speech at 5–9 too.
     */
    public static final int COMPLEXITY = 5;

    private final AVCodecContext context;
    private final AVFrame frame;
    private final AVPacket packet;
    private long pts;
    private boolean closed;

    public OpusEncoder() {
        AVCodec codec = avcodec_find_encoder_by_name(ENCODER_NAME);
        if (codec == null || codec.isNull()) {
            throw new IllegalStateException("this FFmpeg build has no " + ENCODER_NAME + " encoder");
        }
        context = avcodec_alloc_context3(codec);
        frame = av_frame_alloc();
        packet = av_packet_alloc();
        try {
            context.sample_rate(OpusRtp.CLOCK_RATE);
            context.sample_fmt(AV_SAMPLE_FMT_S16);
            av_channel_layout_default(context.ch_layout(), OpusRtp.CHANNELS);
            context.bit_rate(BITRATE);
            context.compression_level(COMPLEXITY);
            context.time_base(av_make_q(1, OpusRtp.CLOCK_RATE));
            AVDictionary options = new AVDictionary(null);
            av_dict_set(options, "application", "voip", 0);
            av_dict_set(options, "frame_duration", String.valueOf(OpusRtp.FRAME_MILLIS), 0);
            av_dict_set(options, "fec", "1", 0);
            av_dict_set(options, "packet_loss", String.valueOf(EXPECTED_LOSS_PERCENT), 0);
            try {
                check(avcodec_open2(context, codec, options), "cannot open the " + ENCODER_NAME + " encoder");
                if (av_dict_count(options) > 0) {
                    throw new IllegalStateException("the " + ENCODER_NAME + " encoder ignored " + av_dict_count(options)
                            + " of our options: a different FFmpeg build?");
                }
            } finally {
                av_dict_free(options);
            }
            frame.nb_samples(OpusRtp.FRAME_SAMPLES);
            frame.format(AV_SAMPLE_FMT_S16);
            frame.sample_rate(OpusRtp.CLOCK_RATE);
            av_channel_layout_default(frame.ch_layout(), OpusRtp.CHANNELS);
            check(av_frame_get_buffer(frame, 0), "cannot allocate an audio frame");
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Encodes one 20 ms frame ({@link OpusRtp#FRAME_SAMPLES} samples, read during the call only).
     *
     * @return the Opus packet, or null if the encoder kept this frame back (it does not at 20 ms)
     */
    public byte[] encode(short[] pcm) {
        if (closed) {
            throw new IllegalStateException("encoder is closed");
        }
        if (pcm.length != OpusRtp.FRAME_SAMPLES) {
            throw new IllegalArgumentException("a frame is " + OpusRtp.FRAME_SAMPLES + " samples, not " + pcm.length);
        }
        check(av_frame_make_writable(frame), "cannot reuse the audio frame");
        new ShortPointer(frame.data(0)).put(pcm, 0, pcm.length);
        frame.pts(pts);
        pts += OpusRtp.FRAME_SAMPLES;
        check(avcodec_send_frame(context, frame), "the audio encoder refused a frame");
        int received = avcodec_receive_packet(context, packet);
        if (received == AVERROR_EAGAIN()) {
            return null;
        }
        check(received, "the audio encoder failed");
        try {
            byte[] opus = new byte[packet.size()];
            packet.data().position(0).get(opus);
            return opus;
        } finally {
            av_packet_unref(packet);
        }
    }

    private static void check(int result, String what) {
        if (result < 0) {
            throw new IllegalStateException(what + ": " + AvErrors.describe(result));
        }
    }

    /** Frees the native memory. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (packet != null) {
            av_packet_free(packet);
        }
        if (frame != null) {
            av_frame_free(frame);
        }
        if (context != null) {
            avcodec_free_context(context);
        }
    }
}
