package io.p2pcam.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.audio.OpusRtp;
import io.p2pcam.protocol.audio.TimingMarks;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpusEncoderTest {
    @Test
    void everyFrameGivesOnePacketAndSilenceCostsLittleNextToAMark() {
        List<Integer> sizes = new ArrayList<>();
        try (OpusEncoder encoder = new OpusEncoder()) {
            short[] pcm = new short[OpusRtp.FRAME_SAMPLES];
            long sample = 0; // a mark at 0, then 480 ms of silence, then the next mark
            for (int frame = 0; frame < 50; frame++) {
                TimingMarks.render(pcm, sample);
                byte[] opus = encoder.encode(pcm);
                assertThat(opus).as("one packet per 20 ms frame").isNotNull();
                sizes.add(opus.length);
                sample += OpusRtp.FRAME_SAMPLES;
            }
        }
        assertThat(sizes.get(1)).as("the burst").isGreaterThan(40);
        assertThat(sizes.subList(15, 25)).as("silence (no DTX through FFmpeg)").allMatch(size -> size <= 25);
        assertThat(sizes.get(26)).as("the next burst").isGreaterThan(40);
    }
}
