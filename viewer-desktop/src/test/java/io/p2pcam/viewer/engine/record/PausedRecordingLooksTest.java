package io.p2pcam.viewer.engine.record;

import static io.p2pcam.viewer.engine.record.Mp4RecorderDeletedFileTest.feedClip;
import static io.p2pcam.viewer.engine.record.ResumingRecorderTest.deleteRecursively;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.p2pcam.protocol.testing.Eventually;
import io.p2pcam.protocol.testing.ManualClock;
import io.p2pcam.protocol.testing.ManualScheduler;
import io.p2pcam.viewer.engine.decode.TestStreams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The viewer's status timer has paused recordings look for their folder on the files' thread
 * (decision 0073): none for a recording that writes, one at a time for a paused one, and nothing
 * waits for a look stuck on a dead disk. Real recorders on real files in temporary folders.
 */
class PausedRecordingLooksTest {

    @TempDir
    Path top;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-05T12:00:00Z"));
    private final RecordingNews listener = new RecordingNews();
    private final ManualScheduler files = new ManualScheduler();
    private final PausedRecordingLooks looks = new PausedRecordingLooks(files);
    private int named;

    @BeforeAll
    static void encodeStream() {
        TestStreams.small();
    }

    private Path videos() {
        return top.resolve("Videos");
    }

    private ResumingRecorder recording(Supplier<Path> names) throws RecordingException {
        ResumingRecorder recorder = ResumingRecorder.start(names, clock, listener);
        feedClip(recorder::accept, clock, 0);
        return recorder;
    }

    private ResumingRecorder recording() throws RecordingException {
        return recording(() -> videos().resolve("Hof-" + ++named + ".mp4"));
    }

    /** The folder goes (a USB disk pulled) and the next pictures find it gone: the recording pauses. */
    private void pullTheFolder(ResumingRecorder recorder) throws Exception {
        deleteRecursively(videos());
        feedClip(recorder::accept, clock, 1);
        assertThat(recorder.paused()).isTrue();
    }

    @Test
    void aRecordingThatWritesGetsNoLookQueued() throws Exception {
        ResumingRecorder recorder = recording();

        for (int second = 0; second < 3; second++) {
            looks.lookFor(List.of(recorder));
        }

        assertThat(files.pending()).as("looks queued on the files' thread").isZero();
        assertThat(recorder.stop().file()).isEqualTo(videos().resolve("Hof-1.mp4"));
    }

    @Test
    void aPausedRecordingHasOneLookQueuedHoweverOftenTheTimerAsksAndItsLookStartsTheNextFile() throws Exception {
        ResumingRecorder recorder = recording();
        pullTheFolder(recorder);

        for (int second = 0; second < 3; second++) {
            looks.lookFor(List.of(recorder));
        }
        assertThat(files.pending()).as("one look while it waits to run").isEqualTo(1);
        clock.advance(Duration.ofMillis(ResumingRecorder.LOOK_EVERY_MILLIS));
        files.runDue();
        assertThat(recorder.paused()).as("the folder is still away").isTrue();

        looks.lookFor(List.of(recorder));
        assertThat(files.pending()).as("the next look, once the last one ran").isEqualTo(1);
        Files.createDirectories(videos()); // the disk is back
        clock.advance(Duration.ofMillis(ResumingRecorder.LOOK_EVERY_MILLIS));
        files.runDue();

        assertThat(recorder.paused()).isFalse();
        assertThat(listener.told).last().isEqualTo("resumed: " + videos().resolve("Hof-2.mp4"));
        assertThat(Mp4Recorder.partFileOf(videos().resolve("Hof-2.mp4"))).exists();
        looks.lookFor(List.of(recorder));
        assertThat(files.pending())
                .as("no look for the recording that writes again")
                .isZero();
        assertThatThrownBy(recorder::stop).hasMessageContaining("the camera sent no keyframe");
    }

    @Test
    void aLookTheFilesThreadRefusedIsNotLeftMarkedAsQueued() throws Exception {
        ResumingRecorder recorder = recording();
        pullTheFolder(recorder);
        boolean[] refuse = {true};
        PausedRecordingLooks closing = new PausedRecordingLooks(task -> {
            if (refuse[0]) {
                throw new RejectedExecutionException("files' thread shut down");
            }
            files.execute(task);
        });

        closing.lookFor(List.of(recorder));
        refuse[0] = false;
        closing.lookFor(List.of(recorder));

        assertThat(files.pending())
                .as("a look queued once the files' thread takes work again")
                .isEqualTo(1);
    }

    /**
     * A look stuck on the disk (here the next file's name, which the viewer checks on the disk,
     * answers only when the test lets it) holds the recorder's lock: the timer's thread neither
     * waits for it nor queues more looks behind it, and once the disk answers the next file starts.
     */
    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aLookStuckOnTheDiskIsNeitherWaitedForNorQueuedBehind() throws Exception {
        CountDownLatch nameAsked = new CountDownLatch(1);
        CountDownLatch diskAnswers = new CountDownLatch(1);
        ResumingRecorder recorder = recording(() -> {
            int number = ++named;
            if (number == 2) {
                nameAsked.countDown();
                awaitQuietly(diskAnswers);
            }
            return videos().resolve("Hof-" + number + ".mp4");
        });
        pullTheFolder(recorder);
        Files.createDirectories(videos());
        clock.advance(Duration.ofMillis(ResumingRecorder.LOOK_EVERY_MILLIS));
        ExecutorService disk = Executors.newSingleThreadExecutor();
        AtomicInteger queued = new AtomicInteger();
        PausedRecordingLooks stuck = new PausedRecordingLooks(task -> {
            queued.incrementAndGet();
            disk.execute(task);
        });
        try {
            stuck.lookFor(List.of(recorder));
            assertThat(nameAsked.await(10, TimeUnit.SECONDS))
                    .as("the look reached the disk")
                    .isTrue();

            for (int second = 0; second < 3; second++) {
                stuck.lookFor(List.of(recorder));
                assertThat(recorder.paused()).isTrue();
            }
            assertThat(queued).as("looks queued").hasValue(1);

            diskAnswers.countDown();
            // The news is told after paused() turns false, on the disk's thread: wait for the news.
            String resumed = "resumed: " + videos().resolve("Hof-2.mp4");
            Eventually.await(
                    "the stuck look starts the next file",
                    Duration.ofSeconds(10),
                    () -> listener.told.contains(resumed));
            assertThat(recorder.paused()).isFalse();
            assertThat(listener.told).last().isEqualTo(resumed);
            stuck.lookFor(List.of(recorder));
            assertThat(queued).hasValue(1);
        } finally {
            diskAnswers.countDown();
            disk.shutdown();
        }
        assertThatThrownBy(recorder::stop).hasMessageContaining("the camera sent no keyframe");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
