package io.p2pcam.camera.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PictureScalerTest {
    private static RawFrame filled(VideoFormat format) {
        RawFrame frame = new RawFrame(format);
        byte[] data = frame.data();
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 37 % 251);
        }
        frame.stamp(42, 1_234_567);
        return frame;
    }

    @Test
    void halvingEachSideAveragesEachTwoByTwoBlockInEveryPlaneAndKeepsTheStamp() {
        VideoFormat big = new VideoFormat(32, 32, 30);
        VideoFormat small = new VideoFormat(16, 16, 30);
        RawFrame source = filled(big);
        RawFrame target = new RawFrame(small);

        new PictureScaler(big, small).scale(source, target);

        byte[] in = source.data();
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                assertThat(target.data()[y * 16 + x] & 0xff)
                        .as("luma (%d, %d)", x, y)
                        .isEqualTo(average(in, 0, 32, x, y));
            }
        }
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                assertThat(target.data()[target.uOffset() + y * 8 + x] & 0xff)
                        .as("U (%d, %d)", x, y)
                        .isEqualTo(average(in, source.uOffset(), 16, x, y));
                assertThat(target.data()[target.vOffset() + y * 8 + x] & 0xff)
                        .as("V (%d, %d)", x, y)
                        .isEqualTo(average(in, source.vOffset(), 16, x, y));
            }
        }
        assertThat(target.frameNumber()).isEqualTo(42);
        assertThat(target.captureMicros()).isEqualTo(1_234_567);
    }

    /** The rounded mean of the 2 x 2 block whose top-left sample is (2x, 2y). */
    private static int average(byte[] plane, int offset, int stride, int x, int y) {
        int top = offset + 2 * y * stride + 2 * x;
        int sum = (plane[top] & 0xff)
                + (plane[top + 1] & 0xff)
                + (plane[top + stride] & 0xff)
                + (plane[top + stride + 1] & 0xff);
        return (sum + 2) / 4;
    }

    @Test
    void theSameSizeIsAnExactCopy() {
        VideoFormat format = new VideoFormat(18, 16, 30);
        RawFrame source = filled(format);
        RawFrame target = new RawFrame(format);

        new PictureScaler(format, format).scale(source, target);

        assertThat(target.data()).isEqualTo(source.data());
    }

    @Test
    void aFlatPictureStaysFlatAtAnyRatio() {
        VideoFormat big = new VideoFormat(1280, 720, 30);
        VideoFormat odd = new VideoFormat(426, 240, 30);
        RawFrame source = new RawFrame(big);
        java.util.Arrays.fill(source.data(), (byte) 200);
        RawFrame target = new RawFrame(odd);

        new PictureScaler(big, odd).scale(source, target);

        for (byte sample : target.data()) {
            assertThat(sample & 0xff).isEqualTo(200);
        }
    }

    @Test
    void aSubStreamLargerThanItsMainStreamIsRefused() {
        assertThatThrownBy(() -> new PictureScaler(new VideoFormat(640, 360, 30), new VideoFormat(1280, 720, 30)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("larger than its main stream");
    }
}
