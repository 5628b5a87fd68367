package io.p2pcam.viewer.engine.record;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_q2d;

import io.p2pcam.media.codec.AvErrors;
import io.p2pcam.viewer.engine.decode.BgraConverter;
import io.p2pcam.viewer.engine.frame.VideoFrame;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * Test-only: what FFmpeg's demuxer finds in an MP4 file, and its pictures decoded the way a
 * player would (a decoder opened with the file's {@code avcC}, fed its length-prefixed samples).
 *
 * @param formatName the demuxer's name
 * @param streamCount how many streams the file has
 * @param codecId the first stream's codec
 * @param width its width
 * @param height its height
 * @param extradata its codec extradata ({@code avcC} for H.264 in MP4)
 * @param pts each of its packets' presentation time, in 90 kHz ticks
 * @param keyframes each of its packets' keyframe flag
 * @param durationSeconds the stream's duration
 * @param topLevelBoxes the four-character types of the file's top-level boxes, in order
 */
record Mp4Contents(
        String formatName,
        int streamCount,
        int codecId,
        int width,
        int height,
        byte[] extradata,
        List<Long> pts,
        List<Boolean> keyframes,
        double durationSeconds,
        List<String> topLevelBoxes) {

    static Mp4Contents read(Path file) throws IOException {
        AVFormatContext context = open(file);
        try {
            AVStream stream = context.streams(0);
            AVCodecParameters parameters = stream.codecpar();
            byte[] extradata = new byte[parameters.extradata_size()];
            parameters.extradata().get(extradata);
            List<Long> pts = new ArrayList<>();
            List<Boolean> keyframes = new ArrayList<>();
            double ticksPerUnit = av_q2d(stream.time_base()) * RecordingTimeline.TICKS_PER_SECOND;
            AVPacket packet = av_packet_alloc();
            while (av_read_frame(context, packet) >= 0) {
                // Only the first stream's: a file with sound interleaves its packets.
                if (packet.stream_index() == 0) {
                    pts.add(Math.round(packet.pts() * ticksPerUnit));
                    keyframes.add((packet.flags() & AV_PKT_FLAG_KEY) != 0);
                }
                av_packet_unref(packet);
            }
            av_packet_free(packet);
            return new Mp4Contents(
                    context.iformat().name().getString(),
                    context.nb_streams(),
                    parameters.codec_id(),
                    parameters.width(),
                    parameters.height(),
                    extradata,
                    pts,
                    keyframes,
                    stream.duration() * av_q2d(stream.time_base()),
                    topLevelBoxes(file));
        } finally {
            avformat_close_input(context);
        }
    }

    /** Decodes every sample of the file's first stream, in order, into BGRA pictures. */
    static void decode(Path file, Consumer<VideoFrame> pictures) throws IOException {
        AVFormatContext format = open(file);
        AVCodec codec = avcodec_find_decoder(format.streams(0).codecpar().codec_id());
        AVCodecContext decoder = avcodec_alloc_context3(codec);
        AVPacket packet = av_packet_alloc();
        AVFrame frame = av_frame_alloc();
        VideoFrame picture = new VideoFrame();
        try (BgraConverter converter = new BgraConverter()) {
            check(avcodec_parameters_to_context(decoder, format.streams(0).codecpar()));
            check(avcodec_open2(decoder, codec, (AVDictionary) null));
            while (av_read_frame(format, packet) >= 0) {
                check(avcodec_send_packet(decoder, packet));
                av_packet_unref(packet);
                receive(decoder, frame, converter, picture, pictures);
            }
            check(avcodec_send_packet(decoder, null));
            receive(decoder, frame, converter, picture, pictures);
        } finally {
            av_frame_free(frame);
            av_packet_free(packet);
            avcodec_free_context(decoder);
            avformat_close_input(format);
        }
    }

    private static void receive(
            AVCodecContext decoder,
            AVFrame frame,
            BgraConverter converter,
            VideoFrame picture,
            Consumer<VideoFrame> pictures) {
        int received;
        while ((received = avcodec_receive_frame(decoder, frame)) == 0) {
            converter.convert(frame, picture);
            pictures.accept(picture);
        }
        if (received != AVERROR_EAGAIN() && received != AVERROR_EOF) {
            check(received);
        }
    }

    private static AVFormatContext open(Path file) throws IOException {
        AVFormatContext context = new AVFormatContext(null);
        int opened = avformat_open_input(context, file.toString(), (AVInputFormat) null, (AVDictionary) null);
        if (opened < 0) {
            throw new IOException("Cannot open " + file + ": " + AvErrors.describe(opened));
        }
        return context;
    }

    /** ISO/IEC 14496-12 §4.2: each box starts with a 32-bit size and a four-character type. */
    private static List<String> topLevelBoxes(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file));
        List<String> types = new ArrayList<>();
        while (bytes.remaining() >= 8) {
            int start = bytes.position();
            long size = Integer.toUnsignedLong(bytes.getInt());
            byte[] type = new byte[4];
            bytes.get(type);
            types.add(new String(type, StandardCharsets.US_ASCII));
            if (size == 1) {
                size = bytes.getLong();
            }
            if (size < 8) {
                break;
            }
            bytes.position((int) (start + size));
        }
        return types;
    }

    private static void check(int result) {
        if (result < 0) {
            throw new IllegalStateException(AvErrors.describe(result));
        }
    }
}
