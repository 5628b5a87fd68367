package io.p2pcam.viewer.engine.record;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_OPUS;
import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_close;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_mallocz;

import io.p2pcam.media.codec.AvErrors;
import io.p2pcam.protocol.audio.OpusRtp;
import io.p2pcam.protocol.media.PictureSize;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVOutputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;

/**
 * One MP4 file written by FFmpeg's mov muxer from H.264 access units and, when the camera has
 * sound, its Opus packets, both copied, never re-encoded.
 *
 * <p>The muxer is given Annex B throughout: SPS and PPS with start codes as extradata, which it
 * turns into the {@code avcC} box, and access units with start codes, which it rewrites into
 * length-prefixed samples (ISO/IEC 14496-15 §5.3.2) — the path {@code ffmpeg -i x.h264 -c copy
 * x.mp4} takes. In-band SPS and PPS stay in the samples, which {@code avc1} allows. The stream is
 * assumed to have no B-frames (decode order is presentation order), as the camera sends it.
 *
 * <p>Life: {@link #open} creates the file at once (so a bad path fails when the user presses
 * record), {@link #start} writes the header once the picture size and parameter sets are known,
 * then {@link #write} per access unit, and {@link #finish} or {@link #abort} exactly once. {@link
 * #finish} writes the last fragment and the fragment index ({@code mfra}).
 *
 * <p>The file is fragmented MP4 (decision 0049): an empty {@code moov} describing the tracks, then
 * one {@code moof}+{@code mdat} per keyframe or per {@link #FRAGMENT_MICROS} at most, so a file
 * cut by a full disk plays up to its last complete fragment ({@link Mp4FragmentCut}).
 *
 * <p>Not thread-safe: {@link Mp4Recorder} serialises the calls.
 */
final class Mp4Muxer {

    /**
     * How the JVM turns file names into bytes for the OS (the locale's charset): FFmpeg must get
     * the same bytes, or the file it creates is not the one {@code java.nio.file} renames.
     */
    private static final Charset FILE_NAME_CHARSET =
            Charset.forName(System.getProperty("sun.jnu.encoding", System.getProperty("native.encoding", "UTF-8")));

    private static final AVRational RTP_TIME_BASE = av_make_q(1, (int) RecordingTimeline.TICKS_PER_SECOND);
    private static final AVRational AUDIO_TIME_BASE = av_make_q(1, OpusRtp.CLOCK_RATE);
    /** The samples an Opus decoder produces before the first real one (libopus's look-ahead at 48 kHz). */
    static final int OPUS_PRE_SKIP = 312;

    /**
     * FFmpeg's AVERROR(ENOSPC), "No space left on device": ENOSPC is 28 on Linux, macOS and
     * Windows' C runtime alike. A write failing so is a full disk, which a recording waits out.
     */
    private static final int AVERROR_ENOSPC = -28;

    /** A fragment ends at each keyframe, and after this long at most (µs): what a cut file loses. */
    static final long FRAGMENT_MICROS = 1_000_000;

    /** The file the user will know the recording as, for messages. */
    private final Path shownAs;

    private final AVFormatContext context;
    private AVPacket packet;
    private AVStream stream;
    private AVStream audioStream;
    private boolean ended;

    private Mp4Muxer(Path shownAs, AVFormatContext context) {
        this.shownAs = shownAs;
        this.context = context;
    }

    /**
     * Creates (or truncates) {@code file} for an MP4 recording; errors name {@code shownAs}, the
     * name the file will have once finished.
     */
    static Mp4Muxer open(Path file, Path shownAs) throws RecordingException {
        // An absolute path never reads as "protocol:…" to FFmpeg.
        BytePointer url = new BytePointer(file.toAbsolutePath().toString(), FILE_NAME_CHARSET);
        AVFormatContext context = new AVFormatContext(null);
        int allocated = avformat_alloc_output_context2(context, (AVOutputFormat) null, new BytePointer("mp4"), url);
        if (allocated < 0) {
            throw new IllegalStateException("FFmpeg has no MP4 muxer: " + AvErrors.describe(allocated));
        }
        AVIOContext io = new AVIOContext(null);
        int opened = avio_open(io, url, AVIO_FLAG_WRITE);
        if (opened < 0) {
            avformat_free_context(context);
            throw new RecordingException("Cannot record to " + shownAs + ": " + AvErrors.describe(opened));
        }
        context.pb(io);
        return new Mp4Muxer(shownAs, context);
    }

    /** Describes the one H.264 stream and writes the file header. */
    void start(PictureSize size, RecordedParameterSets parameterSets) throws RecordingException {
        start(size, parameterSets, false);
    }

    /**
     * Describes the H.264 stream and, with {@code withAudio}, an Opus stream (mono, 48 kHz, copied
     * as received: Opus in ISO BMFF, the {@code Opus} sample entry with its {@code dOps} box built
     * from an OpusHead), then writes the file header.
     */
    void start(PictureSize size, RecordedParameterSets parameterSets, boolean withAudio) throws RecordingException {
        if (stream != null || ended) {
            throw new IllegalStateException("Header already written or muxer ended");
        }
        stream = avformat_new_stream(context, (AVCodec) null);
        AVCodecParameters parameters = stream.codecpar();
        parameters
                .codec_type(AVMEDIA_TYPE_VIDEO)
                .codec_id(AV_CODEC_ID_H264)
                .width(size.width())
                .height(size.height());
        byte[] extradata = parameterSets.annexB();
        // avformat_free_context frees the extradata with av_free: it must come from av_malloc.
        BytePointer copy = new BytePointer(av_mallocz(extradata.length + AV_INPUT_BUFFER_PADDING_SIZE));
        copy.capacity(extradata.length).put(extradata);
        parameters.extradata(copy).extradata_size(extradata.length);
        stream.time_base(RTP_TIME_BASE);
        if (withAudio) {
            audioStream = avformat_new_stream(context, (AVCodec) null);
            AVCodecParameters audio = audioStream.codecpar();
            audio.codec_type(AVMEDIA_TYPE_AUDIO).codec_id(AV_CODEC_ID_OPUS).sample_rate(OpusRtp.CLOCK_RATE);
            av_channel_layout_default(audio.ch_layout(), OpusRtp.CHANNELS);
            audio.initial_padding(OPUS_PRE_SKIP);
            byte[] head = opusHead();
            BytePointer headCopy = new BytePointer(av_mallocz(head.length + AV_INPUT_BUFFER_PADDING_SIZE));
            headCopy.capacity(head.length).put(head);
            audio.extradata(headCopy).extradata_size(head.length);
            audioStream.time_base(AUDIO_TIME_BASE);
        }

        AVDictionary options = new AVDictionary(null);
        // Fragmented (decision 0049): a file cut anywhere, by a full disk or a crash, plays up to
        // its last complete fragment. The empty moov is at the front, so faststart is not needed.
        av_dict_set(options, "movflags", "+frag_keyframe+empty_moov+default_base_moof", 0);
        av_dict_set(options, "frag_duration", Long.toString(FRAGMENT_MICROS), 0);
        int written = avformat_write_header(context, options);
        av_dict_free(options);
        check(written);
        packet = av_packet_alloc();
    }

    /**
     * Appends one access unit.
     *
     * @param pts its presentation time in 90 kHz ticks, greater than the previous one's
     * @param duration how long it shows, in 90 kHz ticks (the last sample's length in the file)
     */
    void write(byte[] annexB, long pts, long duration, boolean keyframe) throws RecordingException {
        if (stream == null || ended) {
            throw new IllegalStateException("No header written or muxer ended");
        }
        check(av_new_packet(packet, annexB.length));
        packet.data().capacity(annexB.length).put(annexB);
        packet.stream_index(stream.index()).pts(pts).dts(pts).duration(duration).flags(keyframe ? AV_PKT_FLAG_KEY : 0);
        av_packet_rescale_ts(packet, RTP_TIME_BASE, stream.time_base());
        // Takes the packet's reference and leaves it blank, on success or failure.
        check(av_interleaved_write_frame(context, packet));
    }

    /**
     * Appends one Opus packet to the audio stream.
     *
     * @param pts its presentation time in 48 kHz samples on the video's timeline (0 = the first picture), increasing
     * @param duration its length in samples (960 for 20 ms)
     */
    void writeAudio(byte[] opus, long pts, long duration) throws RecordingException {
        if (audioStream == null || ended) {
            throw new IllegalStateException("No audio stream or muxer ended");
        }
        check(av_new_packet(packet, opus.length));
        packet.data().capacity(opus.length).put(opus);
        packet.stream_index(audioStream.index())
                .pts(pts)
                .dts(pts)
                .duration(duration)
                .flags(AV_PKT_FLAG_KEY);
        av_packet_rescale_ts(packet, AUDIO_TIME_BASE, audioStream.time_base());
        check(av_interleaved_write_frame(context, packet));
    }

    /** Whether the file has an audio stream. */
    boolean hasAudio() {
        return audioStream != null;
    }

    /** The 19-byte OpusHead (RFC 7845 §5.1) of a mono 48 kHz stream, channel mapping family 0. */
    static byte[] opusHead() {
        ByteBuffer head = ByteBuffer.allocate(19).order(ByteOrder.LITTLE_ENDIAN);
        head.put("OpusHead".getBytes(StandardCharsets.US_ASCII));
        head.put((byte) 1); // version
        head.put((byte) OpusRtp.CHANNELS);
        head.putShort((short) OPUS_PRE_SKIP);
        head.putInt(OpusRtp.CLOCK_RATE); // the input's sample rate, for information
        head.putShort((short) 0); // output gain
        head.put((byte) 0); // mapping family 0: mono or stereo
        return head.array();
    }

    /** Writes the index ({@code moov}), closes the file and frees everything. */
    void finish() throws RecordingException {
        if (stream == null || ended) {
            throw new IllegalStateException("No header written or muxer ended");
        }
        try {
            check(av_write_trailer(context));
            check(closeFile());
        } finally {
            release();
        }
    }

    /** Closes the file without an index (it will not play) and frees everything. Idempotent. */
    void abort() {
        if (!ended) {
            closeFile();
            release();
        }
    }

    private int closeFile() {
        AVIOContext io = context.pb();
        if (io == null || io.isNull()) {
            return 0;
        }
        context.pb(null);
        return avio_close(io);
    }

    private void release() {
        ended = true;
        if (packet != null) {
            av_packet_free(packet);
        }
        avformat_free_context(context);
    }

    private void check(int result) throws RecordingException {
        if (result < 0) {
            throw new RecordingException(
                    "Cannot write the recording " + shownAs + ": " + AvErrors.describe(result),
                    null,
                    result == AVERROR_ENOSPC ? FileLoss.DISK_FULL : null);
        }
    }
}
