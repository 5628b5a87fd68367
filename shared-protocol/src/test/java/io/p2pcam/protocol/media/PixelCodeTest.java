package io.p2pcam.protocol.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.p2pcam.protocol.media.PixelCode.Stamp;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PixelCodeTest {

    private static final Stamp STAMP = new Stamp(0xFEDC_BA98L, 1_767_225_600_123_456L);

    @ParameterizedTest(name = "{0}x{1} uses {2}-pixel blocks")
    @CsvSource({"320, 240, 8", "640, 360, 8", "640, 480, 12", "1280, 720, 18", "1920, 1080, 26", "128, 96, 4"})
    void blockSizeFollowsThePictureHeight(int width, int height, int block) {
        PixelCode.Layout layout = PixelCode.layout(width, height);

        assertThat(layout.blockSize()).isEqualTo(block);
        assertThat(layout.bandWidth()).isLessThanOrEqualTo(width);
        assertThat(layout.bandHeight()).isLessThanOrEqualTo(height);
    }

    @Test
    void aTinyPictureIsRefused() {
        assertThatThrownBy(() -> PixelCode.layout(100, 80))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a 100x80 picture is too small for a pixel code");
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"320, 240", "640, 360", "1280, 720", "1920, 1080"})
    void aStampWrittenIntoLumaReadsBack(int width, int height) {
        byte[] y = grey(width, height);

        PixelCode.write(y, 0, width, width, height, STAMP);

        assertThat(PixelCode.readLuma(y, 0, width, width, height)).contains(STAMP);
    }

    @Test
    void offsetAndPaddedStrideAreHonoured() {
        int width = 320;
        int height = 240;
        int stride = 384;
        int offset = 77;
        byte[] y = new byte[offset + stride * height];

        PixelCode.write(y, offset, stride, width, height, STAMP);

        assertThat(PixelCode.readLuma(y, offset, stride, width, height)).contains(STAMP);
    }

    @Test
    void aStampSurvivesHeavyNoise() {
        int width = 640;
        int height = 360;
        byte[] y = grey(width, height);
        PixelCode.write(y, 0, width, width, height, STAMP);
        Random random = new Random(42);
        for (int i = 0; i < y.length; i++) {
            int noisy = (y[i] & 0xFF) + random.nextInt(121) - 60;
            y[i] = (byte) Math.clamp(noisy, 0, 255);
        }

        assertThat(PixelCode.readLuma(y, 0, width, width, height)).contains(STAMP);
    }

    @Test
    void aStampReadsFromBgraPixels() {
        int width = 640;
        int height = 360;
        byte[] y = grey(width, height);
        PixelCode.write(y, 0, width, width, height, STAMP);
        int stride = width * 4 + 16;
        byte[] bgra = new byte[stride * height];
        for (int row = 0; row < height; row++) {
            for (int x = 0; x < width; x++) {
                int pixel = row * stride + x * 4;
                byte value = y[row * width + x];
                bgra[pixel] = value;
                bgra[pixel + 1] = value;
                bgra[pixel + 2] = value;
                bgra[pixel + 3] = (byte) 0xFF;
            }
        }

        assertThat(PixelCode.readBgra(bgra, 0, stride, width, height)).contains(STAMP);
        ByteBuffer direct = ByteBuffer.allocateDirect(bgra.length).put(bgra).flip();
        assertThat(PixelCode.readBgra(direct, 0, stride, width, height)).contains(STAMP);
        assertThat(direct.position()).isZero();
    }

    @Test
    void aFlippedBlockIsACrcMismatchNotAWrongStamp() {
        int width = 320;
        int height = 240;
        byte[] y = grey(width, height);
        PixelCode.write(y, 0, width, width, height, STAMP);
        int block = PixelCode.layout(width, height).blockSize();
        for (int row = 0; row < block; row++) { // invert the top-left block (the frame number's MSB)
            for (int x = 0; x < block; x++) {
                y[row * width + x] = (byte) (PixelCode.BLACK + PixelCode.WHITE - (y[row * width + x] & 0xFF));
            }
        }

        assertThat(PixelCode.readLuma(y, 0, width, width, height)).isEmpty();
    }

    @Test
    void anUnstampedPictureReadsAsEmpty() {
        assertThat(PixelCode.readLuma(grey(320, 240), 0, 320, 320, 240)).isEmpty();
        assertThat(PixelCode.readLuma(new byte[320 * 240], 0, 320, 320, 240)).isEmpty();
    }

    @Test
    void aBufferTooShortForTheBandIsRefused() {
        assertThatThrownBy(() -> PixelCode.readLuma(new byte[320 * 20], 0, 320, 320, 240))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("picture buffer of 6400 bytes is too short");
    }

    @Test
    void theFrameNumberMustFitInThirtyTwoBits() {
        assertThatThrownBy(() -> new Stamp(1L << 32, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 200)
    void everyStampRoundTrips(@ForAll @LongRange(min = 0, max = 0xFFFF_FFFFL) long frameNumber, @ForAll long micros) {
        Stamp stamp = new Stamp(frameNumber, micros);
        byte[] y = new byte[320 * 240];

        PixelCode.write(y, 0, 320, 320, 240, stamp);

        assertThat(PixelCode.readLuma(y, 0, 320, 320, 240)).contains(stamp);
    }

    private static byte[] grey(int width, int height) {
        byte[] y = new byte[width * height];
        Arrays.fill(y, (byte) 128);
        return y;
    }
}
