package io.p2pcam.viewer.engine.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.media.AnnexB;
import org.junit.jupiter.api.Test;

class DecoderWarmUpTest {

    @Test
    void theBundledKeyframeIsParameterSetsAndAnIdrOfThe720pMainStreamSize() {
        byte[] keyframe = DecoderWarmUp.keyframe();

        assertThat(AnnexB.split(keyframe)).extracting(nal -> nal[0] & 0x1f).containsExactly(7, 8, 5);
        try (H264Decoder decoder = new H264Decoder()) {
            assertThat(decoder.decode(keyframe, keyframe.length, 0)).isEqualTo(DecodeStatus.FRAME);
            assertThat(decoder.frame().width()).isEqualTo(1280);
            assertThat(decoder.frame().height()).isEqualTo(720);
        }
    }

    @Test
    void eachCallerGetsItsOwnCopy() {
        byte[] first = DecoderWarmUp.keyframe();
        first[0] = 42;

        assertThat(DecoderWarmUp.keyframe()[0]).isZero();
    }
}
