package io.p2pcam.camera.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ShortBuffer;
import org.junit.jupiter.api.Test;

class PcmFramerTest {
    private final PcmFramer framer = new PcmFramer();

    @Test
    void chunksOfAnyLengthAreCutIntoFramesInOrder() {
        short[] samples = new short[2500];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) i;
        }
        framer.add(ShortBuffer.wrap(samples, 0, 700));
        short[] frame = new short[960];
        assertThat(framer.take(frame)).isFalse();
        framer.add(ShortBuffer.wrap(samples, 700, 1800));

        assertThat(framer.take(frame)).isTrue();
        assertThat(frame[0]).isEqualTo((short) 0);
        assertThat(frame[959]).isEqualTo((short) 959);
        assertThat(framer.take(frame)).isTrue();
        assertThat(frame[0]).isEqualTo((short) 960);
        assertThat(framer.buffered()).isEqualTo(2500 - 1920);
        assertThat(framer.take(frame)).isFalse();
    }

    @Test
    void aChunkLargerThanTwoFramesIsKeptWhole() {
        framer.add(ShortBuffer.wrap(new short[5000]));

        assertThat(framer.buffered()).isEqualTo(5000);
    }
}
