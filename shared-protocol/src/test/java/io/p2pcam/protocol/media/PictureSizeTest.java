package io.p2pcam.protocol.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.testing.SpsBytes;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The picture size an SPS announces (H.264 §7.3.2.1.1), from real encoders' SPS and from garbage. */
class PictureSizeTest {
    private static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replace(" ", ""));
    }

    @Test
    void theReferenceCamerasOpenh264SpsAt1280x720ReadsAsItsSize() {
        // From viewer-desktop's warm-up keyframe: the camera emulator's main stream.
        assertThat(PictureSize.ofSps(hex("6742c01f 8c680500 5ba01e11 08d4"))).isEqualTo(new PictureSize(1280, 720));
    }

    @Test
    void aSizeThatIsNoMultipleOfSixteenIsCroppedFromWholeMacroblocks() {
        assertThat(PictureSize.ofSps(SpsBytes.baseline(640, 360))).isEqualTo(new PictureSize(640, 360));
        assertThat(PictureSize.ofSps(SpsBytes.baseline(1920, 1080))).isEqualTo(new PictureSize(1920, 1080));
        assertThat(PictureSize.ofSps(SpsBytes.baseline(320, 240))).isEqualTo(new PictureSize(320, 240));
    }

    @Test
    void aHighProfileSpsWithItsChromaFieldsReadsAsItsSize() {
        // x264 at 1280x720, High profile (chroma_format_idc, bit depths, no scaling matrix), with VUI.
        assertThat(PictureSize.ofSps(hex("6764001f acd94050 05bb0110 00000300 10000003 0320f183 1960")))
                .isEqualTo(new PictureSize(1280, 720));
    }

    @Test
    void whatIsNoSpsOrIsCutShortReadsAsUnknownAndNothingThrows() {
        byte[] sps = SpsBytes.baseline(640, 360);
        assertThat(PictureSize.ofSps(new byte[] {0x65, 1, 2, 3, 4})).isEqualTo(PictureSize.UNKNOWN);
        assertThat(PictureSize.ofSps(new byte[] {0x67, 1})).isEqualTo(PictureSize.UNKNOWN);
        for (int length = 0; length < 6; length++) {
            assertThat(PictureSize.ofSps(Arrays.copyOf(sps, length))).isEqualTo(PictureSize.UNKNOWN);
        }
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 10_000; i++) {
            byte[] garbage = new byte[1 + random.nextInt(40)];
            random.nextBytes(garbage);
            garbage[0] = 0x67;
            PictureSize size = PictureSize.ofSps(garbage);
            assertThat(size.known() || size.equals(PictureSize.UNKNOWN))
                    .as(Bytes.of(garbage).toString())
                    .isTrue();
        }
    }
}
