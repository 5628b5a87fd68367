package io.p2pcam.viewer.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.viewer.engine.audio.AudioPlayer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The probe line's sound counters, each from its own field of the player's. */
class AudioFiguresTest {
    @Test
    void everyCounterGoesUnderItsOwnName() {
        // received, played, lost, recovered, late, skipped, silentMillis, concealedMillis, maxLostRunMillis,
        // decodeErrors, failedFrames, unsupportedPackets: each a different value.
        AudioPlayer.Stats audio = new AudioPlayer.Stats(100, 90, 7, 3, 2, 5, 80, 140, 60, 1, 0, 6);
        Map<String, Object> line = new LinkedHashMap<>();
        AudioFigures.put(line, audio, List.of(), new ProbeStats(1));
        assertThat(line)
                .containsEntry("audioReceived", 100L)
                .containsEntry("audioFrames", 90L)
                .containsEntry("audioLostFrames", 7L)
                .containsEntry("audioRecoveredFrames", 3L)
                .containsEntry("audioLateFrames", 2L)
                .containsEntry("audioSkippedFrames", 5L)
                .containsEntry("audioUnsupportedPackets", 6L)
                .containsEntry("audioConcealedMs", 140L)
                .containsEntry("audioMaxLossMs", 60L)
                .containsEntry("audioDtxMs", 80L);
    }
}
