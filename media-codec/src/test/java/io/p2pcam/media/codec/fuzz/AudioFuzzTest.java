package io.p2pcam.media.codec.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.p2pcam.media.codec.OpusDecoder;
import io.p2pcam.protocol.audio.OpusRtp;

/**
 * The sound path's decoder fuzzed with packets from anyone (the camera's sound to a viewer, a
 * viewer's talkback to the camera): decode, recover and conceal return -1 or a sample count that
 * fits the buffer, and never throw, whatever came before. Ordinary test runs replay the inputs under
 * src/test/resources/io/p2pcam/media/codec/fuzz/AudioFuzzTestInputs; {@code JAZZER_FUZZ=1} fuzzes
 * (scripts/fuzz.sh).
 */
class AudioFuzzTest {
    @FuzzTest(maxDuration = "20s")
    void opusDecoder(FuzzedDataProvider data) {
        short[] pcm = new short[OpusRtp.FRAME_SAMPLES];
        try (OpusDecoder decoder = new OpusDecoder()) {
            while (data.remainingBytes() > 0) {
                int op = data.consumeInt(0, 2);
                int samples = switch (op) {
                    case 0 -> decoder.decode(data.consumeBytes(data.consumeInt(0, 1600)), pcm);
                    case 1 -> decoder.recover(data.consumeBytes(data.consumeInt(0, 1600)), pcm);
                    default -> decoder.conceal(pcm);
                };
                if (samples < -1 || samples > pcm.length) {
                    throw new IllegalStateException("op " + op + " gave " + samples + " samples");
                }
            }
        }
    }
}
