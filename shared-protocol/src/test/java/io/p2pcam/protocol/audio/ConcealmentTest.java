package io.p2pcam.protocol.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ConcealmentTest {
    @Test
    void aLostFrameRepeatsTheLastOneHeardFadingThenFallsSilentAfter60Ms() {
        Concealment concealment = new Concealment(4);
        concealment.heard(new short[] {1000, -1000, 500, 0});
        short[] out = new short[4];
        concealment.conceal(out);
        assertThat(out).containsExactly((short) 600, (short) -600, (short) 300, (short) 0);
        concealment.conceal(out);
        assertThat(out[0]).isEqualTo((short) 360);
        concealment.conceal(out);
        assertThat(out[0]).isEqualTo((short) 216);
        concealment.conceal(out);
        assertThat(out).containsOnly((short) 0);
        assertThat(concealment.concealedFrames()).isEqualTo(3);
    }

    @Test
    void aLossAfterSilenceStaysSilentAndAFrameHeardStartsOver() {
        Concealment concealment = new Concealment(2);
        concealment.heard(new short[] {1000, 1000});
        concealment.silence();
        short[] out = {7, 7};
        concealment.conceal(out);
        assertThat(out).containsOnly((short) 0);
        concealment.heard(new short[] {100, 100});
        concealment.conceal(out);
        assertThat(Arrays.equals(out, new short[] {60, 60})).isTrue();
    }
}
