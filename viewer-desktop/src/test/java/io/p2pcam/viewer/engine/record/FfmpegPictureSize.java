package io.p2pcam.viewer.engine.record;

import static org.bytedeco.ffmpeg.avcodec.AVCodecParserContext.PARSER_FLAG_COMPLETE_FRAMES;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.av_parser_close;
import static org.bytedeco.ffmpeg.global.avcodec.av_parser_init;
import static org.bytedeco.ffmpeg.global.avcodec.av_parser_parse2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

import io.p2pcam.protocol.media.PictureSize;
import java.util.Optional;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParserContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Test-only: the displayed size of an H.264 picture as FFmpeg's own H.264 parser reads it from an
 * access unit's SPS, the third-party reading {@link PictureSize#ofSps} is checked against (the
 * recorder read the size this way before shared-protocol had a parser of its own).
 */
final class FfmpegPictureSize {
    private FfmpegPictureSize() {}

    /**
     * The size of the picture in {@code keyframe}, an access unit in Annex B form that holds an
     * SPS, a PPS and an IDR slice; empty if FFmpeg's parser finds no size in it.
     */
    static Optional<PictureSize> of(byte[] keyframe) {
        AVCodecParserContext parser = av_parser_init(AV_CODEC_ID_H264);
        if (parser == null || parser.isNull()) {
            throw new IllegalStateException("This FFmpeg build has no H.264 parser");
        }
        AVCodecContext context = avcodec_alloc_context3((AVCodec) null);
        // The parser reads ahead in chunks: the input must be followed by zeroed padding.
        try (BytePointer input = new BytePointer(keyframe.length + AV_INPUT_BUFFER_PADDING_SIZE);
                PointerPointer<BytePointer> output = new PointerPointer<>(1);
                IntPointer outputSize = new IntPointer(1)) {
            input.fill(0);
            input.put(keyframe);
            parser.flags(parser.flags() | PARSER_FLAG_COMPLETE_FRAMES);
            av_parser_parse2(
                    parser, context, output, outputSize, input, keyframe.length, AV_NOPTS_VALUE, AV_NOPTS_VALUE, 0);
            int width = parser.width();
            int height = parser.height();
            return width > 0 && height > 0 ? Optional.of(new PictureSize(width, height)) : Optional.empty();
        } finally {
            av_parser_close(parser);
            avcodec_free_context(context);
        }
    }
}
