package io.p2pcam.camera.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ParameterSetsTest {
    private static final String SPS = "00000001 6742c01e";
    private static final String PPS = "00000001 68ce3c80";
    private static final String IDR = "00000001 65888421";
    private static final String SLICE = "00000001 419a2211";

    private final KeyframeParameterSets parameterSets = new KeyframeParameterSets();

    @Test
    void aKeyframeWithItsParameterSetsIsLeftAlone() {
        byte[] keyframe = hex(SPS + PPS + IDR);

        assertThat(parameterSets.ensureInFront(keyframe, true)).isSameAs(keyframe);
    }

    @Test
    void aLaterKeyframeWithoutThemGetsTheLastOnesInFront() {
        parameterSets.ensureInFront(hex(SPS + PPS + IDR), true);
        parameterSets.ensureInFront(hex(SLICE), false);

        byte[] repaired = parameterSets.ensureInFront(hex(IDR), true);

        assertThat(HexFormat.of().formatHex(repaired)).isEqualTo(HexFormat.of().formatHex(hex(SPS + PPS + IDR)));
    }

    @Test
    void parameterSetsSentAheadOfAKeyframeAreRemembered() {
        parameterSets.ensureInFront(hex(SPS + PPS), false);

        assertThat(HexFormat.of().formatHex(parameterSets.ensureInFront(hex(IDR), true)))
                .isEqualTo(HexFormat.of().formatHex(hex(SPS + PPS + IDR)));
    }

    @Test
    void nonKeyframesAreNeverTouched() {
        byte[] slice = hex(SLICE);

        assertThat(parameterSets.ensureInFront(slice, false)).isSameAs(slice);
    }

    private static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replace(" ", ""));
    }
}
