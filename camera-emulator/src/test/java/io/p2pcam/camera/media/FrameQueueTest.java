package io.p2pcam.camera.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FrameQueueTest {
    private final AtomicInteger keyframeRequests = new AtomicInteger();
    private final FrameQueue queue = new FrameQueue(3, keyframeRequests::incrementAndGet);
    private long frameNumber;

    @Test
    void framesComeOutInOrder() {
        queue.onFrame(frame(true));
        queue.onFrame(frame(false));

        assertThat(drain()).containsExactly(0L, 1L);
        assertThat(queue.dropped()).isZero();
    }

    @Test
    void aFullQueueDropsUntilTheNextKeyframeAndAsksForOneOnce() {
        queue.onFrame(frame(true));
        queue.onFrame(frame(false));
        queue.onFrame(frame(false)); // full
        queue.onFrame(frame(false)); // 3: dropped, cannot be decoded later
        queue.poll(); // the reader catches up a little...
        queue.onFrame(frame(false)); // 4: ...but 4 refers to 3: dropped as well

        assertThat(keyframeRequests).hasValue(1);
        assertThat(queue.dropped()).isEqualTo(2);
        queue.onFrame(frame(true)); // 5
        queue.onFrame(frame(false)); // 6: the queue is full again

        assertThat(drain()).containsExactly(1L, 2L, 5L);
    }

    @Test
    void aKeyframeReplacesStaleContentsWhenTheReaderIsStuck() {
        for (int i = 0; i < 4; i++) {
            queue.onFrame(frame(i == 0));
        }

        queue.onFrame(frame(true)); // 4

        assertThat(drain()).containsExactly(4L);
        assertThat(queue.dropped()).isEqualTo(4); // frame 3, then 0..2 replaced
    }

    private EncodedFrame frame(boolean keyframe) {
        long number = frameNumber++;
        return new EncodedFrame(new byte[] {0, 0, 0, 1, 0x65}, keyframe, number, 0, number, number);
    }

    private List<Long> drain() {
        List<Long> numbers = new ArrayList<>();
        for (EncodedFrame frame = queue.poll(); frame != null; frame = queue.poll()) {
            numbers.add(frame.frameNumber());
        }
        return numbers;
    }
}
