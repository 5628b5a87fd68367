package io.p2pcam.viewer.engine.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.media.DepacketizerEvent;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What a camera's stream may make a viewer hold while its decoder is behind. */
class DecodeQueueTest {
    private final DecodeQueue queue = new DecodeQueue();

    private static DepacketizerEvent.AccessUnit unit(int bytes) {
        return new DepacketizerEvent.AccessUnit(0, false, new byte[bytes]);
    }

    private DepacketizerEvent onlyEvent() throws InterruptedException {
        DepacketizerEvent event = queue.poll(0, TimeUnit.MILLISECONDS);
        assertThat(queue.poll(0, TimeUnit.MILLISECONDS)).isNull();
        return event;
    }

    @Test
    void accessUnitsAsLargeAsACameraMaySendAreHeldToTheByteBoundNotToTheCount() throws Exception {
        int fourMebibytes = 4 << 20; // the largest access unit the depacketizer puts together
        int fit = (int) (DecodeQueue.MAX_BYTES / fourMebibytes);
        for (int i = 0; i < fit; i++) {
            assertThat(queue.offer(unit(fourMebibytes))).isTrue();
        }
        assertThat(fit).isLessThan(DecodeQueue.MAX_EVENTS);

        assertThat(queue.offer(unit(fourMebibytes))).isFalse();

        assertThat(queue.bytes()).isZero();
        assertThat(onlyEvent())
                .isEqualTo(new DepacketizerEvent.IncompleteAccessUnit(0, DepacketizerEvent.LossReason.DECODER_BEHIND));
    }

    @Test
    void smallAccessUnitsAreHeldToTheCount() throws Exception {
        for (int i = 0; i < DecodeQueue.MAX_EVENTS; i++) {
            assertThat(queue.offer(unit(1_000))).isTrue();
        }
        assertThat(queue.offer(unit(1_000))).isFalse();
        assertThat(onlyEvent()).isInstanceOf(DepacketizerEvent.IncompleteAccessUnit.class);
    }

    @Test
    void whatIsTakenOutMakesRoomAgain() throws Exception {
        queue.offer(unit(3_000));
        queue.offer(unit(5_000));
        assertThat(queue.bytes()).isEqualTo(8_000);

        assertThat(queue.poll(0, TimeUnit.MILLISECONDS)).isEqualTo(unit(3_000));
        assertThat(queue.bytes()).isEqualTo(5_000);
        assertThat(queue.poll(0, TimeUnit.MILLISECONDS)).isNotNull();
        assertThat(queue.bytes()).isZero();
        assertThat(queue.poll(10, TimeUnit.MILLISECONDS)).as("none came").isNull();
    }
}
