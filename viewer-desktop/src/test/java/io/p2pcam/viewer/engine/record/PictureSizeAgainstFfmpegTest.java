package io.p2pcam.viewer.engine.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.media.AnnexB;
import io.p2pcam.protocol.media.NalHeader;
import io.p2pcam.protocol.media.PictureSize;
import io.p2pcam.viewer.engine.decode.H264TestEncoder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The recorder describes its video stream by the size shared-protocol's own SPS reader gives
 * ({@link PictureSize#ofSps}); FFmpeg's H.264 parser, a third-party reading of the same SPS, must
 * agree, on sizes that are whole macroblocks and on sizes the SPS crops (1080 lines are 68
 * macroblocks, 1088 lines, less 8).
 */
class PictureSizeAgainstFfmpegTest {

    @ParameterizedTest
    @CsvSource({"1280, 720", "640, 360", "320, 180", "176, 144", "1920, 1080", "850, 478", "200, 114"})
    void ourSpsReaderAndFfmpegsParserReadTheSameSizeFromARealEncodersKeyframe(int width, int height) {
        byte[] keyframe;
        try (H264TestEncoder encoder = new H264TestEncoder(width, height)) {
            keyframe = encoder.encodeNext(true).annexB();
        }
        byte[] sps = AnnexB.split(keyframe).stream()
                .filter(nal -> NalHeader.type(nal[0]) == NalHeader.SPS)
                .findFirst()
                .orElseThrow();

        assertThat(PictureSize.ofSps(sps)).isEqualTo(new PictureSize(width, height));
        assertThat(FfmpegPictureSize.of(keyframe)).contains(PictureSize.ofSps(sps));
    }
}
