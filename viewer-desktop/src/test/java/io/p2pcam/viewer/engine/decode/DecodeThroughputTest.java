package io.p2pcam.viewer.engine.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.media.codec.FfmpegLog;
import io.p2pcam.protocol.media.DepacketizerEvent.AccessUnit;
import io.p2pcam.viewer.engine.frame.VideoFrame;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * A throughput figure for the log, on camera-like noisy 720p pictures; asserts only a floor far
 * below this machine's ~1000 fps.
 */
@Tag("benchmark")
class DecodeThroughputTest {

    private static final Logger log = LoggerFactory.getLogger(DecodeThroughputTest.class);
    private static final int FRAMES = 300;
    /** Encoding noisy 720p is slow: two GOPs, decoded over and over (each pass starts at an IDR). */
    private static final int ENCODED = 2 * H264TestEncoder.GOP;

    @Test
    void decodes720pFasterThanRealTime() {
        FfmpegLog.routeToSlf4j(Level.DEBUG);
        List<AccessUnit> stream;
        long encodeStart = System.nanoTime();
        try (H264TestEncoder encoder = new H264TestEncoder(1280, 720, true)) {
            stream = encoder.encode(ENCODED);
        }
        long encodeNanos = System.nanoTime() - encodeStart;
        long decodeNanos = 0;
        long convertNanos = 0;
        try (H264Decoder decoder = new H264Decoder();
                BgraConverter converter = new BgraConverter()) {
            VideoFrame picture = new VideoFrame();
            for (int i = 0; i < FRAMES; i++) {
                AccessUnit unit = stream.get(i % ENCODED);
                long start = System.nanoTime();
                DecodeStatus status = decoder.decode(unit.annexB(), unit.annexB().length, 0);
                long decoded = System.nanoTime();
                assertThat(status).isEqualTo(DecodeStatus.FRAME);
                converter.convert(decoder.frame(), picture);
                convertNanos += System.nanoTime() - decoded;
                decodeNanos += decoded - start;
            }
        }
        double decodeFps = FRAMES / (decodeNanos / 1e9);
        double withConversionFps = FRAMES / ((decodeNanos + convertNanos) / 1e9);
        log.info(
                "1280x720: decode {} fps, decode + BGRA conversion {} fps ({} frames);" + " openh264 encode {} fps",
                Math.round(decodeFps),
                Math.round(withConversionFps),
                FRAMES,
                Math.round(ENCODED / (encodeNanos / 1e9)));
        assertThat(withConversionFps).isGreaterThan(60);
    }
}
