package io.p2pcam.viewer.engine.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class GainSinkTest {
    private final List<short[]> played = new ArrayList<>();
    private final AudioSink capture = (pcm, timestamp) -> played.add(pcm.clone());

    @Test
    void theVolumeScalesEveryFrameAndAChangeAppliesToTheNextFrame() {
        AtomicReference<Double> volume = new AtomicReference<>(0.5);
        GainSink sink = new GainSink(capture, volume::get);

        sink.play(new short[] {1000, -32768, 32767}, 0);
        volume.set(1.0);
        sink.play(new short[] {1000, -32768, 32767}, 960);
        volume.set(0.0);
        sink.play(new short[] {1000, -32768, 32767}, 1920);

        assertThat(played.get(0)).containsExactly(500, -16384, 16384);
        assertThat(played.get(1)).containsExactly(1000, -32768, 32767);
        assertThat(played.get(2)).containsExactly(0, 0, 0);
    }
}
