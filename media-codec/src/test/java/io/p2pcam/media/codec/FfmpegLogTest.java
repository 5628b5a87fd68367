package io.p2pcam.media.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_WARNING;
import static org.bytedeco.ffmpeg.global.avutil.av_log;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

/** What FFmpeg itself says while a call runs, heard for that call's one-line error. */
class FfmpegLogTest {
    @TempDir
    Path temp;

    @BeforeAll
    static void route() {
        FfmpegLog.routeToSlf4j(Level.WARN);
    }

    @Test
    void aDemuxerThatFailsIsHeardInItsOwnWordsWithoutItsContextPrefix() throws Exception {
        Path notVideo = Files.writeString(temp.resolve("notes.mp4"), "not a video at all\n");

        try (FfmpegLog.Hearing ffmpeg = FfmpegLog.hear()) {
            // FFmpeg logs "[mov,mp4,m4a,3gp,3g2,mj2 @ 0x…] moov atom not found" (more than once).
            int opened = avformat_open_input(new AVFormatContext(null), notVideo.toString(), null, null);

            assertThat(opened).isNegative();
            assertThat(ffmpeg.said()).isEqualTo("moov atom not found");
        }
    }

    @Test
    void onlyErrorsSaidOnTheHearingThreadWhileItIsOpenAreHeard() throws Exception {
        av_log(null, AV_LOG_ERROR, "before\n");
        try (FfmpegLog.Hearing outer = FfmpegLog.hear()) {
            av_log(null, AV_LOG_WARNING, "a warning\n");
            Thread other = Thread.ofPlatform().start(() -> av_log(null, AV_LOG_ERROR, "another thread\n"));
            other.join();
            try (FfmpegLog.Hearing inner = FfmpegLog.hear()) {
                av_log(null, AV_LOG_ERROR, "inner\n");
                assertThat(inner.said()).isEqualTo("inner");
            }
            av_log(null, AV_LOG_ERROR, "first\n");
            av_log(null, AV_LOG_ERROR, "second\n");
            av_log(null, AV_LOG_ERROR, "first\n");

            assertThat(outer.said()).isEqualTo("first; second");
        }
    }

    @Test
    void failuresAreSaidWithWhatFfmpegAddedUnlessItAlreadySaysTheWords() {
        Exception invalid = new Exception("avformat_open_input() error -1094995529: Could not open input");
        try (FfmpegLog.Hearing ffmpeg = FfmpegLog.hear()) {
            assertThat(AvErrors.inWords(invalid, ffmpeg)).isEqualTo("Invalid data found when processing input");
            av_log(null, AV_LOG_ERROR, "moov atom not found\n");
            assertThat(AvErrors.inWords(invalid, ffmpeg))
                    .isEqualTo("Invalid data found when processing input (moov atom not found)");
        }
        try (FfmpegLog.Hearing ffmpeg = FfmpegLog.hear()) {
            av_log(null, AV_LOG_ERROR, "ioctl(VIDIOC_QUERYCAP): Invalid data found when processing input\n");
            assertThat(AvErrors.inWords(invalid, ffmpeg))
                    .isEqualTo("ioctl(VIDIOC_QUERYCAP): Invalid data found when processing input");
        }
    }
}
