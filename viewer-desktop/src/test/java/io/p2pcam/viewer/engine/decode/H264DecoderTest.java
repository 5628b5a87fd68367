package io.p2pcam.viewer.engine.decode;

import static io.p2pcam.viewer.engine.decode.PictureAssertions.assertPictureShows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import io.p2pcam.media.codec.FfmpegLog;
import io.p2pcam.protocol.media.DepacketizerEvent.AccessUnit;
import io.p2pcam.viewer.engine.frame.VideoFrame;
import java.util.List;
import java.util.Random;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class H264DecoderTest {

    private static final int WIDTH = TestStreams.WIDTH;
    private static final int HEIGHT = TestStreams.HEIGHT;
    private static final int FRAMES = TestStreams.FRAMES;
    private static final int TOLERANCE = PictureAssertions.TOLERANCE;

    private static TestPattern pattern;
    private static List<AccessUnit> stream;
    private final H264Decoder decoder = new H264Decoder();
    private final BgraConverter converter = new BgraConverter();
    private final VideoFrame picture = new VideoFrame();

    @BeforeAll
    static void encodeStream() {
        pattern = TestStreams.PATTERN;
        stream = TestStreams.small();
    }

    @AfterEach
    void close() {
        converter.close();
        decoder.close();
    }

    @Test
    void everyAccessUnitGivesItsPictureFromTheSameCallWithTheRightColours() {
        assertThat(stream.getFirst().keyframe()).isTrue();
        assertThat(stream.stream().filter(AccessUnit::keyframe).count()).isEqualTo(3);
        for (int n = 0; n < FRAMES; n++) {
            AccessUnit unit = stream.get(n);
            DecodeStatus status = decoder.decode(unit.annexB(), unit.annexB().length, n);

            assertThat(status).as("frame %d (%s)", n, decoder.lastError()).isEqualTo(DecodeStatus.FRAME);
            assertThat(decoder.frame().pts()).isEqualTo(n);
            assertThat(decoder.frame().format()).isEqualTo(AV_PIX_FMT_YUV420P);
            converter.convert(decoder.frame(), picture);
            assertPictureShows(picture, n);
        }
    }

    @Test
    void convertedPictureHasTheStreamSizeAndPackedBgraRows() {
        AccessUnit first = stream.getFirst();
        assertThat(decoder.decode(first.annexB(), first.annexB().length, 0)).isEqualTo(DecodeStatus.FRAME);

        converter.convert(decoder.frame(), picture);

        assertThat(picture.width()).isEqualTo(WIDTH);
        assertThat(picture.height()).isEqualTo(HEIGHT);
        assertThat(picture.stride()).isEqualTo(WIDTH * 4);
        assertThat(picture.pixels().capacity()).isEqualTo(WIDTH * HEIGHT * 4);
        int[] centre = pattern.blockCentre(0);
        int at = centre[1] * picture.stride() + centre[0] * 4;
        int rgb = pattern.blockRgb(0);
        assertThat(Byte.toUnsignedInt(picture.pixels().get(at))).as("B").isCloseTo(rgb & 0xFF, within(TOLERANCE));
        assertThat(Byte.toUnsignedInt(picture.pixels().get(at + 2)))
                .as("R")
                .isCloseTo(rgb >> 16 & 0xFF, within(TOLERANCE));
        assertThat(Byte.toUnsignedInt(picture.pixels().get(at + 3))).as("A").isEqualTo(255);
    }

    @Test
    void theSameBufferIsReusedWhileTheSizeStays() {
        var buffer = picture.resize(WIDTH, HEIGHT);
        for (int n = 0; n < 3; n++) {
            AccessUnit unit = stream.get(n);
            decoder.decode(unit.annexB(), unit.annexB().length, n);
            converter.convert(decoder.frame(), picture);
            assertThat(picture.pixels()).isSameAs(buffer);
        }
    }

    @Test
    void decodingAndConvertingAllocatesNoNativeMemoryPerFrame() {
        decodeAndConvert(0, 5);
        long bytes = Pointer.totalBytes();
        long count = Pointer.totalCount();

        decodeAndConvert(5, FRAMES);

        // No growth, rather than equality: the totals are the whole JVM's, and JavaCPP's deallocator
        // thread may free an earlier test's garbage meanwhile (a check saw 16 bytes fewer once).
        // Memory allocated per frame would grow them by at least 70 allocations.
        assertThat(Pointer.totalBytes()).isLessThanOrEqualTo(bytes);
        assertThat(Pointer.totalCount()).isLessThanOrEqualTo(count);
    }

    @Test
    void garbageIsReportedAsAnErrorAndDecodingResumesAtTheNextKeyframe() {
        Random random = new Random(42);
        for (int n = 0; n < 10; n++) {
            AccessUnit unit = stream.get(n);
            assertThat(decoder.decode(unit.annexB(), unit.annexB().length, n)).isEqualTo(DecodeStatus.FRAME);
        }
        int errors = 0;
        for (int i = 0; i < 20; i++) {
            byte[] garbage = new byte[2000];
            random.nextBytes(garbage);
            garbage[0] = 0;
            garbage[1] = 0;
            garbage[2] = 0;
            garbage[3] = 1;
            garbage[4] = 0x41; // a non-IDR slice NAL header, then noise
            if (decoder.decode(garbage, garbage.length, 1000 + i) == DecodeStatus.ERROR) {
                errors++;
                assertThat(decoder.lastError()).isNotBlank();
            }
        }
        assertThat(errors).isPositive();

        decoder.flush();
        for (int n = H264TestEncoder.GOP; n < FRAMES; n++) {
            AccessUnit unit = stream.get(n);
            assertThat(decoder.decode(unit.annexB(), unit.annexB().length, n))
                    .as("frame %d (%s)", n, decoder.lastError())
                    .isEqualTo(DecodeStatus.FRAME);
            converter.convert(decoder.frame(), picture);
            assertPictureShows(picture, n);
        }
    }

    private void decodeAndConvert(int from, int to) {
        for (int n = from; n < to; n++) {
            AccessUnit unit = stream.get(n);
            assertThat(decoder.decode(unit.annexB(), unit.annexB().length, n)).isEqualTo(DecodeStatus.FRAME);
            converter.convert(decoder.frame(), picture);
        }
    }

    @Test
    void aPictureLargerThanH264AllowsIsRefusedBeforeItTakesItsMemory() {
        AccessUnit first = stream.getFirst();
        // The stream's own size said again (40 × 23 macroblocks, 640x360 cropped): decoded as before.
        byte[] same = SpsResize.claiming(first.annexB(), 40, 23);
        assertThat(decoder.decode(same, same.length, 0)).as(decoder.lastError()).isEqualTo(DecodeStatus.FRAME);
        assertThat(decoder.frame().width()).isEqualTo(WIDTH);

        // 1,000 × 1,000 macroblocks, 16,000 x 16,000 pixels (384 MB a picture, several in FFmpeg's
        // pool): within FFmpeg's own bound, 7 times what H.264's largest level allows (Table A-1).
        decoder.flush();
        byte[] huge = SpsResize.claiming(first.annexB(), 1_000, 1_000);

        try (FfmpegLog.Hearing ffmpeg = FfmpegLog.hear()) {
            DecodeStatus status = decoder.decode(huge, huge.length, 1);
            assertThat(status).isEqualTo(DecodeStatus.ERROR);
            // Before: "top block unavailable for requested intra mode; error while decoding MB 40 0",
            // the picture's memory taken and its first macroblocks decoded.
            assertThat(ffmpeg.said())
                    .startsWith("Picture size 16000x15992 exceeds specified max pixel count " + H264Decoder.MAX_PIXELS);
        }
    }

    @Test
    void truncatedAccessUnitsNeverThrow() {
        AccessUnit first = stream.getFirst();
        for (int length = 0; length < first.annexB().length; length += 97) {
            DecodeStatus status = decoder.decode(first.annexB(), length, length);
            assertThat(status).isNotNull();
        }
        decoder.flush();
        assertThat(decoder.decode(first.annexB(), first.annexB().length, 0)).isEqualTo(DecodeStatus.FRAME);
    }
}
