package io.p2pcam.viewer.engine.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LatestFrameMailboxTest {

    private final LatestFrameMailbox mailbox = new LatestFrameMailbox();

    @Test
    void nothingIsTakenBeforeTheFirstPublish() {
        assertThat(mailbox.takeLatest()).isNull();
    }

    @Test
    void aSlowConsumerSeesOnlyTheNewestFrameAndTheRestCountAsDropped() {
        for (int i = 1; i <= 5; i++) {
            publish(i);
        }

        VideoFrame taken = mailbox.takeLatest();

        assertThat(taken.sequence()).isEqualTo(5);
        assertThat(taken.argbAt(0, 0)).isEqualTo(0xFF000005);
        assertThat(mailbox.takeLatest()).isNull();
        assertThat(mailbox.publishedCount()).isEqualTo(5);
        assertThat(mailbox.droppedCount()).isEqualTo(4);
    }

    @Test
    void aConsumerKeepingUpDropsNothing() {
        for (int i = 1; i <= 100; i++) {
            publish(i);
            assertThat(mailbox.takeLatest().sequence()).isEqualTo(i);
        }
        assertThat(mailbox.droppedCount()).isZero();
    }

    @Test
    void theProducerNeverWritesTheFrameTheConsumerHolds() {
        publish(1);
        VideoFrame held = mailbox.takeLatest();
        for (int i = 2; i <= 10; i++) {
            assertThat(mailbox.writable()).isNotSameAs(held);
            publish(i);
        }
        assertThat(held.sequence()).isEqualTo(1);
    }

    @Test
    void framesAndTheirBuffersCycleAmongThreeWithoutAllocation() {
        Set<VideoFrame> frames = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<ByteBuffer> buffers = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 1; i <= 1000; i++) {
            publish(i);
            if (i % 3 == 0) {
                VideoFrame taken = mailbox.takeLatest();
                frames.add(taken);
                buffers.add(taken.pixels());
            }
            frames.add(mailbox.writable());
        }
        assertThat(frames).hasSize(3);
        assertThat(buffers).hasSizeLessThanOrEqualTo(3);
    }

    @Test
    void aNewPictureSizeReplacesTheBufferOnce() {
        VideoFrame frame = new VideoFrame();
        ByteBuffer first = frame.resize(4, 2);
        assertThat(frame.resize(4, 2)).isSameAs(first);
        ByteBuffer second = frame.resize(8, 2);
        assertThat(second).isNotSameAs(first);
        assertThat(second.capacity()).isEqualTo(8 * 2 * 4);
        assertThat(frame.stride()).isEqualTo(32);
    }

    @Test
    void concurrentProducerAndConsumerSeeIncreasingIntactFrames() throws InterruptedException {
        int total = 200_000;
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong taken = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1);
        Thread consumer = Thread.ofPlatform().start(() -> {
            long last = 0;
            try {
                while (last < total) {
                    VideoFrame frame = mailbox.takeLatest();
                    if (frame == null) {
                        Thread.onSpinWait();
                        continue;
                    }
                    long sequence = frame.sequence();
                    if (sequence <= last || frame.argbAt(1, 1) != (int) (0xFF000000L | (sequence & 0xFFFFFF))) {
                        throw new AssertionError("frame " + sequence + " after " + last);
                    }
                    last = sequence;
                    taken.incrementAndGet();
                }
            } catch (Throwable t) {
                failure.set(t);
            } finally {
                done.countDown();
            }
        });
        for (int i = 1; i <= total; i++) {
            publish(i);
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        consumer.join();
        assertThat(failure.get()).isNull();
        assertThat(taken.get() + mailbox.droppedCount()).isEqualTo(total);
    }

    /** Publishes a 2x2 frame whose pixels and sequence both say {@code sequence}. */
    private void publish(long sequence) {
        VideoFrame frame = mailbox.writable();
        ByteBuffer pixels = frame.resize(2, 2);
        int argb = (int) (0xFF000000L | (sequence & 0xFFFFFF));
        for (int i = 0; i < 4; i++) {
            pixels.putInt(i * 4, argb);
        }
        frame.describe(sequence * 3000, sequence);
        mailbox.publish();
    }
}
