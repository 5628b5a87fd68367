package io.p2pcam.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.media.codec.DigitalSilenceDtx.Verdict;
import io.p2pcam.protocol.audio.OpusRtp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class DigitalSilenceDtxTest {
    private static final short[] SILENCE = new short[OpusRtp.FRAME_SAMPLES];

    private static List<Verdict> silence(DigitalSilenceDtx dtx, int frames) {
        List<Verdict> verdicts = new ArrayList<>();
        for (int frame = 0; frame < frames; frame++) {
            verdicts.add(dtx.next(SILENCE));
        }
        return verdicts;
    }

    private static short[] oneSample(int index, short value) {
        short[] pcm = new short[OpusRtp.FRAME_SAMPLES];
        pcm[index] = value;
        return pcm;
    }

    @Test
    void aSilenceIsCodedFor200MsThenLeftOut20FramesAtATimeWithOneCodedBetweenAsLibopusDoes() {
        List<Verdict> verdicts = silence(new DigitalSilenceDtx(), 10 + 21 * 3);

        assertThat(verdicts.subList(0, 10)).as("hangover").containsOnly(Verdict.CODED_SILENCE);
        for (int run = 0; run < 3; run++) {
            int start = 10 + 21 * run;
            assertThat(verdicts.subList(start, start + 20)).as("run %d", run).containsOnly(Verdict.LEFT_OUT);
            assertThat(verdicts.get(start + 20))
                    .as("comfort noise after run %d", run)
                    .isEqualTo(Verdict.CODED_SILENCE);
        }
    }

    @Test
    void anyNonZeroSampleIsSoundAndStartsTheHangoverAgain() {
        DigitalSilenceDtx dtx = new DigitalSilenceDtx();
        silence(dtx, 15);

        assertThat(dtx.next(oneSample(OpusRtp.FRAME_SAMPLES - 1, (short) -1))).isEqualTo(Verdict.SOUND);
        assertThat(dtx.next(oneSample(0, Short.MIN_VALUE))).isEqualTo(Verdict.SOUND);
        List<Verdict> after = silence(dtx, 11);
        assertThat(after.subList(0, 10)).containsOnly(Verdict.CODED_SILENCE);
        assertThat(after.get(10)).isEqualTo(Verdict.LEFT_OUT);
        assertThat(Collections.frequency(silence(dtx, 19), Verdict.LEFT_OUT)).isEqualTo(19);
    }
}
