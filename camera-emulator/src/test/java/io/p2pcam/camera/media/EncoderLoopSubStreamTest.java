package io.p2pcam.camera.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.media.PixelCode;
import io.p2pcam.protocol.session.VideoStream;
import io.p2pcam.protocol.testing.Eventually;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * One capture, two encoders (docs/PROTOCOL.md §10.9): the sub-stream is the same pictures at its
 * own size, and each stream's encoder runs only while the stream has a subscriber.
 */
@Tag("realtime")
class EncoderLoopSubStreamTest {
    private static final VideoFormat MAIN = new VideoFormat(320, 240, 30);
    private static final VideoFormat SUB = new VideoFormat(160, 120, 30);
    private static final Duration WAIT = Duration.ofSeconds(5);

    @BeforeAll
    static void quietNativeLogging() {
        NativeLogging.quiet();
    }

    private static EncoderLoop loop() throws EncoderException {
        return new EncoderLoop(
                new SyntheticSource(MAIN.width(), MAIN.height(), MAIN.fps(), Clock.systemUTC()),
                new H264Encoder(EncoderSettings.of(MAIN, 300_000)),
                EncoderSettings.of(SUB, 100_000));
    }

    private static EncodedFrame take(FrameQueue queue) throws InterruptedException {
        EncodedFrame frame = queue.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(frame).as("a picture within %s", WAIT).isNotNull();
        return frame;
    }

    @Test
    void aSubStreamSubscriberGetsPicturesAtTheSubSizeStartingWithAKeyframe() throws Exception {
        try (EncoderLoop loop = loop();
                TestDecoder decoder = new TestDecoder(false)) {
            FrameQueue viewer = new FrameQueue(30, () -> loop.requestKeyframe(VideoStream.SUB));
            loop.subscribe(VideoStream.SUB, viewer);
            loop.start();

            EncodedFrame first = take(viewer);
            assertThat(first.keyframe()).isTrue();
            List<TestDecoder.Picture> pictures = decoder.decode(first.annexB());
            for (int i = 0; pictures.isEmpty() && i < 5; i++) {
                pictures = decoder.decode(take(viewer).annexB());
            }
            assertThat(pictures).isNotEmpty();
            assertThat(pictures.getFirst().width()).isEqualTo(SUB.width());
            assertThat(pictures.getFirst().height()).isEqualTo(SUB.height());
            assertThat(PixelCode.readLuma(pictures.getFirst().luma(), 0, SUB.width(), SUB.width(), SUB.height()))
                    .as("the test pattern's stamp, drawn again at the sub-stream's size, reads back")
                    .isPresent();
            assertThat(loop.isEncoding(VideoStream.MAIN))
                    .as("nobody watches the main stream")
                    .isFalse();
        }
    }

    @Test
    void eachEncoderStartsWithItsFirstSubscriberAndStopsAfterItsLast() throws Exception {
        try (EncoderLoop loop = loop()) {
            loop.start();
            Eventually.await("the idle main encoder closed", WAIT, () -> !loop.isEncoding(VideoStream.MAIN));
            assertThat(loop.isEncoding(VideoStream.SUB)).isFalse();

            FrameQueue first = new FrameQueue(30, () -> {});
            FrameQueue second = new FrameQueue(30, () -> {});
            EncoderLoop.Subscription one = loop.subscribe(VideoStream.SUB, first);
            EncoderLoop.Subscription two = loop.subscribe(VideoStream.SUB, second);
            take(first);
            take(second);
            assertThat(loop.isEncoding(VideoStream.SUB)).isTrue();

            one.cancel();
            take(second);
            assertThat(loop.isEncoding(VideoStream.SUB))
                    .as("one subscriber is left")
                    .isTrue();
            two.cancel();
            Eventually.await("the sub encoder stopped", WAIT, () -> !loop.isEncoding(VideoStream.SUB));

            FrameQueue later = new FrameQueue(30, () -> {});
            loop.subscribe(VideoStream.SUB, later);
            assertThat(take(later).keyframe())
                    .as("a restarted stream starts at a keyframe")
                    .isTrue();
            assertThat(loop.encoderStarts(VideoStream.SUB)).isEqualTo(2);
            assertThat(loop.isEncoding(VideoStream.MAIN)).isFalse();
        }
    }
}
