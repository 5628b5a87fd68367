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
            Eventually.await("the unwatched main encoder closed", WAIT, () -> !loop.isOpen(VideoStream.MAIN));
            assertThat(loop.isOpen(VideoStream.SUB)).isFalse();

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
            Eventually.await("the sub encoder closed", WAIT, () -> !loop.isOpen(VideoStream.SUB));

            FrameQueue later = new FrameQueue(30, () -> {});
            loop.subscribe(VideoStream.SUB, later);
            assertThat(take(later).keyframe())
                    .as("a restarted stream starts at a keyframe")
                    .isTrue();
            assertThat(loop.encoderStarts(VideoStream.SUB)).isEqualTo(2);
            assertThat(loop.isOpen(VideoStream.MAIN)).isFalse();
        }
    }

    @Test
    void aViewerSwitchingBackToTheMainStreamGetsItsKeyframeAtOnceFromTheEncoderKeptOpen() throws Exception {
        VideoFormat slowMain = new VideoFormat(320, 240, 1); // one tick a second: waiting for it would show
        try (EncoderLoop loop = new EncoderLoop(
                new SyntheticSource(slowMain.width(), slowMain.height(), slowMain.fps(), Clock.systemUTC()),
                new H264Encoder(EncoderSettings.of(slowMain, 300_000)),
                EncoderSettings.of(new VideoFormat(160, 120, 1), 100_000))) {
            FrameQueue grid = new FrameQueue(30, () -> {});
            FrameQueue single = new FrameQueue(30, () -> {});
            loop.subscribe(VideoStream.SUB, grid);
            EncoderLoop.Subscription onMain = loop.subscribe(VideoStream.MAIN, single);
            loop.start();
            take(grid);
            take(single);
            onMain.cancel(); // the viewer went back to the grid: the sub-stream alone is watched
            take(grid);
            assertThat(loop.isEncoding(VideoStream.MAIN))
                    .as("nobody watches the main stream")
                    .isFalse();
            assertThat(loop.isOpen(VideoStream.MAIN))
                    .as("the main encoder idles while the camera's sub-stream is watched")
                    .isTrue();

            long startsBefore = loop.encoderStarts(VideoStream.MAIN);
            FrameQueue again = new FrameQueue(30, () -> {});
            long asked = System.nanoTime();
            loop.subscribe(VideoStream.MAIN, again); // double-click into the single view
            EncodedFrame first = take(again);
            long waitedMillis = (System.nanoTime() - asked) / 1_000_000;

            assertThat(first.keyframe()).isTrue();
            assertThat(waitedMillis)
                    .as("made from the newest capture at once, not at the next tick 1 s on")
                    .isLessThan(500);
            assertThat(loop.encoderStarts(VideoStream.MAIN))
                    .as("the encoder kept open was not opened again")
                    .isEqualTo(startsBefore);
        }
    }
}
