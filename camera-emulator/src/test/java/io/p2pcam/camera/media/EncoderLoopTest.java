package io.p2pcam.camera.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.session.VideoStream;
import io.p2pcam.protocol.testing.Eventually;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("realtime")
class EncoderLoopTest {
    @org.junit.jupiter.api.BeforeAll
    static void quietNativeLogging() {
        NativeLogging.quiet();
    }

    private static final VideoFormat FORMAT = new VideoFormat(320, 240, 30);
    private static final long WAIT_SECONDS = 5;

    @Test
    void fourViewersGetEveryFrameWhileAStalledOneDropsWithoutHoldingThemUp() throws Exception {
        List<FrameQueue> viewers = new ArrayList<>();
        FrameQueue stalled;
        try (EncoderLoop loop = new EncoderLoop(syntheticSource(), encoder())) {
            for (int i = 0; i < 4; i++) {
                viewers.add(new FrameQueue(90, loop::requestKeyframe));
                loop.subscribe(viewers.get(i));
            }
            stalled = new FrameQueue(2, loop::requestKeyframe);
            loop.subscribe(stalled); // nobody ever reads it
            loop.start();

            List<List<EncodedFrame>> received = new ArrayList<>();
            for (FrameQueue viewer : viewers) {
                received.add(take(viewer, 30)); // one second at 30 fps
            }

            for (List<EncodedFrame> frames : received) {
                assertThat(frames).hasSize(30);
                assertThat(frames.getFirst().keyframe()).isTrue();
                long first = frames.getFirst().frameNumber();
                assertThat(frames)
                        .extracting(EncodedFrame::frameNumber)
                        .containsExactlyElementsOf(
                                LongStream.range(first, first + 30).boxed().toList());
            }
            assertThat(received.get(1)).containsExactlyElementsOf(received.get(0)); // the very same access units
            assertThat(viewers)
                    .allSatisfy(viewer -> assertThat(viewer.dropped()).isZero());
            assertThat(stalled.dropped()).isPositive();
            assertThat(stalled.size()).isLessThanOrEqualTo(2);
            LoopStats stats = loop.stats();
            assertThat(stats.captured()).isGreaterThanOrEqualTo(30);
            assertThat(stats.keyframes())
                    .as("forced keyframes are spaced")
                    .isLessThanOrEqualTo(stats.encoded() / 4 + 2);
        }
    }

    @Test
    void aKeyframeRequestMakesTheNextPictureAnIdr() throws Exception {
        try (EncoderLoop loop = new EncoderLoop(syntheticSource(), encoder())) {
            FrameQueue viewer = new FrameQueue(90, loop::requestKeyframe);
            loop.subscribe(viewer);
            loop.start();
            List<EncodedFrame> before = take(viewer, 12); // past the forced-keyframe spacing (250 ms)
            assertThat(before.subList(1, before.size())).noneMatch(EncodedFrame::keyframe);

            int alreadyQueued = viewer.size();
            loop.requestKeyframe();
            List<EncodedFrame> after = take(viewer, alreadyQueued + 2);

            // the request may land while the next picture is already being encoded
            assertThat(after.subList(alreadyQueued, alreadyQueued + 2)).anyMatch(EncodedFrame::keyframe);
        }
    }

    @Test
    void aKeyframeForAWaitingViewerIsMadeAtOnceNotAtTheNextTick() throws Exception {
        VideoFormat slow = new VideoFormat(320, 240, 1); // one tick a second: waiting for it would show
        try (EncoderLoop loop = new EncoderLoop(
                new SyntheticSource(320, 240, 1, Clock.systemUTC()),
                new H264Encoder(EncoderSettings.of(slow, 300_000)))) {
            FrameQueue viewer = new FrameQueue(90, loop::requestKeyframe);
            loop.subscribe(viewer);
            loop.start();
            take(viewer, 2); // the first keyframe, then a predicted picture a tick later

            long asked = System.nanoTime();
            loop.requestKeyframe();
            EncodedFrame next = take(viewer, 1).getFirst();
            long waitedMillis = (System.nanoTime() - asked) / 1_000_000;

            assertThat(next.keyframe()).isTrue();
            assertThat(waitedMillis)
                    .as("made from the newest capture, not at the next tick 1 s on")
                    .isLessThan(500);
        }
    }

    @Test
    void aNewBitrateReopensTheEncoderAndTheStreamGoesOnFromAKeyframe() throws Exception {
        try (EncoderLoop loop = new EncoderLoop(syntheticSource(), encoder())) {
            FrameQueue viewer = new FrameQueue(90, loop::requestKeyframe);
            loop.subscribe(viewer);
            loop.start();
            List<EncodedFrame> before = take(viewer, 12);
            int initial = loop.bitrate(VideoStream.MAIN);
            loop.setBitrate(VideoStream.MAIN, initial / 2);
            List<EncodedFrame> after = take(viewer, viewer.size() + 3);
            assertThat(loop.bitrate(VideoStream.MAIN)).isEqualTo(initial / 2);
            long last = before.getLast().frameNumber();
            assertThat(after).extracting(EncodedFrame::frameNumber).isSorted().allMatch(n -> n > last);
            // the first picture of the new encoder is an IDR: viewers decode on without a request
            assertThat(after).anyMatch(EncodedFrame::keyframe);
        }
    }

    @Test
    void theSubStreamTakesANewBitrateOfItsOwnAndTheMainStreamKeepsItsRate() throws Exception {
        VideoFormat small = new VideoFormat(160, 120, 30);
        try (EncoderLoop loop = new EncoderLoop(syntheticSource(), encoder(), EncoderSettings.of(small, 200_000))) {
            FrameQueue viewer = new FrameQueue(90, () -> loop.requestKeyframe(VideoStream.SUB));
            loop.subscribe(VideoStream.SUB, viewer);
            loop.start();
            List<EncodedFrame> before = take(viewer, 12);
            int main = loop.bitrate(VideoStream.MAIN);

            loop.setBitrate(VideoStream.SUB, 100_000);
            List<EncodedFrame> after = take(viewer, viewer.size() + 3);

            assertThat(loop.bitrate(VideoStream.SUB)).isEqualTo(100_000);
            assertThat(loop.bitrate(VideoStream.MAIN)).isEqualTo(main);
            long last = before.getLast().frameNumber();
            assertThat(after).extracting(EncodedFrame::frameNumber).isSorted().allMatch(n -> n > last);
            assertThat(after).anyMatch(EncodedFrame::keyframe);
        }
    }

    @Test
    void aLoopNobodyWatchesYetWarmsItsEncoderUpOnOnePictureUncountedAndItsFirstViewerStartsAtAKeyframe()
            throws Exception {
        CountingSource source = new CountingSource(syntheticSource());
        try (EncoderLoop loop = new EncoderLoop(source, encoder(), () -> 0L)) { // time stands still: one tick
            loop.start();
            Eventually.await(
                    "the warm-up's picture and the first tick's",
                    Duration.ofSeconds(WAIT_SECONDS),
                    () -> source.pictures() == 2);

            assertThat(loop.stats().captured()).isEqualTo(1); // the warm-up's picture is not counted
            assertThat(loop.stats().encoded()).isZero(); // nor encoded for anyone
            FrameQueue viewer = new FrameQueue(90, loop::requestKeyframe);
            loop.subscribe(viewer);

            assertThat(take(viewer, 1).getFirst().keyframe()).isTrue();
            assertThat(loop.stats().keyframes()).isEqualTo(1);
        }
    }

    @Test
    void withAStandbyKeyframeTheFirstViewerStartsFromTheOneMadeBeforeItCame() throws Exception {
        CountingSource source = new CountingSource(syntheticSource());
        try (EncoderLoop loop = new EncoderLoop(source, encoder(), () -> 0L)) { // time stands still: one tick
            loop.keepStandbyKeyframe(Duration.ofSeconds(1));
            loop.start();
            Eventually.await(
                    "the standby keyframe of the first tick",
                    Duration.ofSeconds(WAIT_SECONDS),
                    () -> loop.standbyKeyframesMade() == 1);
            assertThat(loop.stats().encoded()).isZero(); // made for nobody, counted for nobody

            FrameQueue viewer = new FrameQueue(90, loop::requestKeyframe);
            loop.subscribe(viewer);
            EncodedFrame first = take(viewer, 1).getFirst();

            assertThat(first.keyframe()).isTrue();
            assertThat(source.frameNumbers()).hasSize(3); // the warm-up's, the first tick's, the viewer's wake-up's
            assertThat(first.frameNumber())
                    .as("the first tick's picture, kept, not the one captured when the viewer came")
                    .isEqualTo(source.frameNumbers().get(1));
            assertThat(loop.stats().keyframes()).isEqualTo(1);
            assertThat(loop.isOpen(VideoStream.MAIN)).isTrue();
        }
    }

    @Test
    void afterTheStandbyKeyframeTheStreamGoesOnWithPredictedPictures() throws Exception {
        try (EncoderLoop loop = new EncoderLoop(syntheticSource(), encoder())) {
            loop.keepStandbyKeyframe(Duration.ofMillis(200));
            loop.start();
            Eventually.await(
                    "a standby keyframe and its renewal",
                    Duration.ofSeconds(WAIT_SECONDS),
                    () -> loop.standbyKeyframesMade() >= 2);

            FrameQueue viewer = new FrameQueue(90, loop::requestKeyframe);
            loop.subscribe(viewer);
            List<EncodedFrame> frames = take(viewer, 4);

            assertThat(frames.getFirst().keyframe()).isTrue();
            assertThat(frames.subList(1, 4)).noneMatch(EncodedFrame::keyframe);
            try (TestDecoder decoder = new TestDecoder(false)) { // the predicted pictures refer to the kept keyframe
                for (EncodedFrame frame : frames) {
                    assertThat(decoder.decode(frame.annexB())).hasSize(1);
                }
            }
        }
    }

    @Test
    void withoutAStandbyKeyframeTheFirstViewersKeyframeIsCapturedAfterItCame() throws Exception {
        try (EncoderLoop loop = new EncoderLoop(syntheticSource(), encoder())) {
            loop.start();
            Eventually.await(
                    "the idle main encoder closed",
                    Duration.ofSeconds(WAIT_SECONDS),
                    () -> !loop.isOpen(VideoStream.MAIN));

            long subscribedMicros = Clock.systemUTC().instant().toEpochMilli() * 1000;
            FrameQueue viewer = new FrameQueue(90, loop::requestKeyframe);
            loop.subscribe(viewer);
            EncodedFrame first = take(viewer, 1).getFirst();

            assertThat(first.keyframe()).isTrue();
            assertThat(first.captureMicros()).isGreaterThanOrEqualTo(subscribedMicros - 1000);
            assertThat(loop.standbyKeyframesMade()).isZero();
        }
    }

    @Test
    void aLateSubscriberStartsAtAKeyframe() throws Exception {
        try (EncoderLoop loop = new EncoderLoop(syntheticSource(), encoder())) {
            FrameQueue early = new FrameQueue(90, loop::requestKeyframe);
            loop.subscribe(early);
            loop.start();
            take(early, 10);

            FrameQueue late = new FrameQueue(90, loop::requestKeyframe);
            loop.subscribe(late);

            assertThat(take(late, 1).getFirst().keyframe()).isTrue();
        }
    }

    @Test
    void aSlowSourceSkipsTicksInsteadOfBuildingABacklog() throws Exception {
        VideoSource slow = new SlowSource(syntheticSource(), TimeUnit.MILLISECONDS.toNanos(100));
        try (EncoderLoop loop = new EncoderLoop(slow, encoder())) {
            FrameQueue viewer = new FrameQueue(90, loop::requestKeyframe);
            loop.subscribe(viewer);
            loop.start();

            take(viewer, 5);

            LoopStats stats = loop.stats();
            assertThat(stats.skippedTicks()).isGreaterThanOrEqualTo(stats.captured());
        }
    }

    @Test
    void aSubscriberThatThrowsIsRemovedAndTheOthersCarryOn() throws Exception {
        try (EncoderLoop loop = new EncoderLoop(syntheticSource(), encoder())) {
            CountDownLatch calledOnce = new CountDownLatch(1);
            loop.subscribe(frame -> {
                calledOnce.countDown();
                throw new IllegalStateException("viewer bug");
            });
            FrameQueue viewer = new FrameQueue(90, loop::requestKeyframe);
            loop.subscribe(viewer);
            loop.start();

            assertThat(calledOnce.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(take(viewer, 10)).hasSize(10);
        }
    }

    @Test
    void closingStopsTheThreadAndReleasesTheSource() throws Exception {
        ClosingWatch source = new ClosingWatch(syntheticSource());
        EncoderLoop loop = new EncoderLoop(source, encoder());
        FrameQueue viewer = new FrameQueue(90, loop::requestKeyframe);
        loop.subscribe(viewer);
        loop.start();
        take(viewer, 3);

        loop.close();

        assertThat(loop.isRunning()).isFalse();
        assertThat(source.closed).isTrue();
        assertThat(loop.failure()).isEmpty();
    }

    private static SyntheticSource syntheticSource() {
        return new SyntheticSource(FORMAT.width(), FORMAT.height(), FORMAT.fps(), Clock.systemUTC());
    }

    private static H264Encoder encoder() throws EncoderException {
        return new H264Encoder(EncoderSettings.of(FORMAT, 300_000));
    }

    private static List<EncodedFrame> take(FrameQueue queue, int count) throws InterruptedException {
        List<EncodedFrame> frames = new ArrayList<>();
        while (frames.size() < count) {
            EncodedFrame frame = queue.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(frame)
                    .as("frame %d of %d within %d s", frames.size() + 1, count, WAIT_SECONDS)
                    .isNotNull();
            frames.add(frame);
        }
        return frames;
    }

    @Test
    void aSourceThatFailsMidRunLikeAnUnpluggedWebcamEndsTheLoopAndItsTerminationSaysWhy() throws Exception {
        try (EncoderLoop loop = new EncoderLoop(new UnpluggedAfter(syntheticSource(), 5), encoder())) {
            loop.start();
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> loop.terminated().get(WAIT_SECONDS, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(SourceException.class)
                    .hasMessage("device unplugged");
            assertThat(loop.failure()).isPresent();
        }
    }

    @Test
    void closingTheLoopCompletesItsTerminationNormally() throws Exception {
        EncoderLoop loop = new EncoderLoop(syntheticSource(), encoder());
        loop.start();
        loop.close();
        assertThat(loop.terminated().get(WAIT_SECONDS, TimeUnit.SECONDS)).isNull();
    }

    /** A source that fails after {@code frames} pictures, as a webcam pulled out of its socket. */
    private static final class UnpluggedAfter implements VideoSource {
        private final VideoSource inner;
        private int left;

        UnpluggedAfter(VideoSource inner, int frames) {
            this.inner = inner;
            this.left = frames;
        }

        @Override
        public VideoFormat format() {
            return inner.format();
        }

        @Override
        public RawFrame next() throws SourceException {
            if (left-- <= 0) {
                throw new SourceException("device unplugged");
            }
            return inner.next();
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    /** A source that takes {@code delayNanos} for every picture, like an overloaded machine. */
    private record SlowSource(VideoSource inner, long delayNanos) implements VideoSource {
        @Override
        public VideoFormat format() {
            return inner.format();
        }

        @Override
        public RawFrame next() throws SourceException {
            long until = System.nanoTime() + delayNanos;
            while (System.nanoTime() < until) {
                LockSupport.parkNanos(until - System.nanoTime());
            }
            return inner.next();
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    /** Counts the pictures taken from it. */
    private static final class CountingSource implements VideoSource {
        private final VideoSource inner;
        private final AtomicInteger pictures = new AtomicInteger();
        private final List<Long> frameNumbers = new CopyOnWriteArrayList<>();

        CountingSource(VideoSource inner) {
            this.inner = inner;
        }

        int pictures() {
            return pictures.get();
        }

        List<Long> frameNumbers() {
            return frameNumbers;
        }

        @Override
        public VideoFormat format() {
            return inner.format();
        }

        @Override
        public RawFrame next() throws SourceException {
            RawFrame picture = inner.next();
            frameNumbers.add(picture.frameNumber());
            pictures.incrementAndGet();
            return picture;
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    private static final class ClosingWatch implements VideoSource {
        private final VideoSource inner;
        private volatile boolean closed;

        ClosingWatch(VideoSource inner) {
            this.inner = inner;
        }

        @Override
        public VideoFormat format() {
            return inner.format();
        }

        @Override
        public RawFrame next() throws SourceException {
            return inner.next();
        }

        @Override
        public void close() {
            closed = true;
            inner.close();
        }
    }
}
