package io.p2pcam.media.codec;

import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import io.p2pcam.protocol.audio.OpusRtp;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.ShortPointer;

/**
 * Opus to 48 kHz mono 16-bit PCM through FFmpeg's libopus wrapper (built into JavaCV's
 * libavcodec). One packet in, its samples out.
 *
 * <p>FFmpeg's wrapper always calls {@code opus_decode} with {@code decode_fec = 0} and has no way
 * to ask for packet-loss concealment (libavcodec/libopusdec.c): the in-band FEC the camera sends
 * is not used here, and lost frames are concealed by {@link
 * io.p2pcam.protocol.audio.Concealment} (docs/decisions/0017-sound.md).
 *
 * <p>Owns native memory freed by {@link #close()}; one packet buffer is reused. Not thread-safe.
 */
public final class OpusDecoder implements AutoCloseable {
    public static final String DECODER_NAME = "libopus";
    /** The largest Opus packet accepted (RFC 6716 allows 1275 bytes a frame). */
    private static final int MAX_PACKET = 1500;

    private static final byte[] PADDING = new byte[AV_INPUT_BUFFER_PADDING_SIZE];

    private final AVCodecContext context;
    private final AVPacket packet;
    private final AVFrame frame;
    private final BytePointer buffer;
    private long errors;
    private boolean closed;

    public OpusDecoder() {
        AVCodec codec = avcodec_find_decoder_by_name(DECODER_NAME);
        if (codec == null || codec.isNull()) {
            throw new IllegalStateException("this FFmpeg build has no " + DECODER_NAME + " decoder");
        }
        context = avcodec_alloc_context3(codec);
        packet = av_packet_alloc();
        frame = av_frame_alloc();
        buffer = new BytePointer(MAX_PACKET + AV_INPUT_BUFFER_PADDING_SIZE);
        av_channel_layout_default(context.ch_layout(), OpusRtp.CHANNELS);
        context.sample_rate(OpusRtp.CLOCK_RATE);
        context.request_sample_fmt(AV_SAMPLE_FMT_S16);
        int opened = avcodec_open2(context, codec, (AVDictionary) null);
        if (opened < 0) {
            close();
            throw new IllegalStateException("cannot open the Opus decoder: " + AvErrors.describe(opened));
        }
    }

    /**
     * Decodes one Opus packet into {@code pcm}.
     *
     * @return the number of samples written (960 for a 20 ms frame), or -1 if the packet does not
     *     decode (counted in {@link #errors()}: the caller conceals it like a lost one)
     */
    public int decode(byte[] opus, short[] pcm) {
        if (closed) {
            throw new IllegalStateException("decoder is closed");
        }
        if (opus.length == 0 || opus.length > MAX_PACKET) {
            errors++;
            return -1;
        }
        buffer.position(0).put(opus, 0, opus.length);
        buffer.position(opus.length).put(PADDING, 0, PADDING.length);
        buffer.position(0);
        packet.data(buffer).size(opus.length);
        if (avcodec_send_packet(context, packet) < 0) {
            errors++;
            return -1;
        }
        int written = 0;
        while (true) {
            int received = avcodec_receive_frame(context, frame);
            if (received == AVERROR_EAGAIN() || received < 0) {
                break;
            }
            int samples = Math.min(frame.nb_samples(), pcm.length - written);
            if (frame.format() == AV_SAMPLE_FMT_S16 && samples > 0) {
                new ShortPointer(frame.data(0)).get(pcm, written, samples);
                written += samples;
            }
            av_frame_unref(frame);
        }
        return written;
    }

    /** Packets that did not decode. */
    public long errors() {
        return errors;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (frame != null) {
            av_frame_free(frame);
        }
        if (packet != null) {
            av_packet_free(packet);
        }
        if (context != null) {
            avcodec_free_context(context);
        }
        if (buffer != null) {
            buffer.close();
        }
    }
}
