package io.p2pcam.viewer.engine.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.media.DepacketizerEvent.AccessUnit;
import io.p2pcam.viewer.engine.frame.LatestFrameMailbox;
import io.p2pcam.viewer.engine.frame.VideoFrame;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.junit.jupiter.api.Test;

/**
 * A hardware decoder that fails falls back to software by itself: on its first pictures without
 * losing one (the kept access units are decoded again), later at the cost of a keyframe with the
 * last picture still on screen. The "device" is a real software decoder that fails on cue.
 */
class FallbackDecoderTest {
    private static final int GOP = H264TestEncoder.GOP;
    private final List<AccessUnit> stream = TestStreams.small();

    /** Decodes like a device until access unit {@code failAt}, then fails as a lost device would. */
    private static final class FailingDevice implements PictureDecoder {
        private final H264Decoder inner = new H264Decoder(1);
        private final int failAt;
        private int decoded;
        boolean closed;

        FailingDevice(int failAt) {
            this.failAt = failAt;
        }

        @Override
        public DecodeStatus decode(byte[] annexB, int length, long pts) {
            if (decoded++ >= failAt) {
                return DecodeStatus.ERROR;
            }
            return inner.decode(annexB, length, pts);
        }

        @Override
        public AVFrame frame() {
            return inner.frame();
        }

        @Override
        public String lastError() {
            return decoded > failAt ? "device lost" : inner.lastError();
        }

        @Override
        public void flush() {
            inner.flush();
        }

        @Override
        public String decoderName() {
            return "hw: fake";
        }

        @Override
        public void close() {
            closed = true;
            inner.close();
        }
    }

    @Test
    void aDeviceThatFailsOnItsFirstPicturesIsReplacedBySoftwareWithoutLosingAPicture() {
        FailingDevice device = new FailingDevice(3);
        try (FallbackDecoder decoder = FallbackDecoder.onHardware(device, "fake", H264Decoder::new)) {
            assertThat(decoder.decoderName()).isEqualTo("hw: fake");
            LatestFrameMailbox mailbox = new LatestFrameMailbox();
            List<Integer> shown = new ArrayList<>();
            try (FramePipeline pipeline = new FramePipeline(decoder, new BgraConverter(), mailbox, cause -> {})) {
                for (int n = 0; n < 10; n++) {
                    pipeline.accept(stream.get(n));
                    VideoFrame picture = mailbox.takeLatest();
                    if (picture != null) {
                        PictureAssertions.assertPictureShows(picture, n);
                        shown.add(n);
                    }
                }
            }
            assertThat(shown)
                    .as("every picture, the one the device failed on too")
                    .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
            assertThat(decoder.inSoftware()).isTrue();
            assertThat(decoder.decoderName()).isEqualTo("sw (fake failed on the first pictures: device lost)");
            assertThat(device.closed).as("the failed device decoder is let go").isTrue();
        }
    }

    @Test
    void aDeviceThatFailsLaterCostsAKeyframeWithTheLastPictureKeptOnScreen() {
        int failAt = GOP + 5; // after probation: nothing kept to decode again
        assertThat(failAt).isGreaterThan(FallbackDecoder.PROBATION_PICTURES);
        FailingDevice device = new FailingDevice(failAt);
        List<KeyframeCause> asked = new ArrayList<>();
        LatestFrameMailbox mailbox = new LatestFrameMailbox();
        FallbackDecoder decoder = FallbackDecoder.onHardware(device, "fake", H264Decoder::new);
        VideoFrame onScreen = null;
        List<Integer> shown = new ArrayList<>();
        try (FramePipeline pipeline = new FramePipeline(decoder, new BgraConverter(), mailbox, asked::add)) {
            for (int n = 0; n < TestStreams.FRAMES; n++) {
                pipeline.accept(stream.get(n));
                VideoFrame picture = mailbox.takeLatest();
                if (picture != null) {
                    PictureAssertions.assertPictureShows(picture, n);
                    shown.add(n);
                    onScreen = picture;
                }
                if (n == failAt) {
                    assertThat(onScreen).as("the last picture stays on screen").isNotNull();
                    PictureAssertions.assertPictureShows(onScreen, failAt - 1);
                }
            }
            assertThat(pipeline.decoderName()).isEqualTo("sw (fake failed: device lost)");
        }
        assertThat(asked).containsExactly(KeyframeCause.DECODE_ERROR);
        assertThat(shown).contains(failAt - 1, 2 * GOP, TestStreams.FRAMES - 1).doesNotContain(failAt);
    }

    @Test
    void aDecoderInSoftwareFromTheStartSaysWhy() {
        try (FallbackDecoder decoder = FallbackDecoder.inSoftware(new H264Decoder(), "vaapi: no device")) {
            assertThat(decoder.decoderName()).isEqualTo("sw (vaapi: no device)");
            assertThat(decoder.decode(
                            stream.getFirst().annexB(), stream.getFirst().annexB().length, 0))
                    .isEqualTo(DecodeStatus.FRAME);
        }
    }
}
