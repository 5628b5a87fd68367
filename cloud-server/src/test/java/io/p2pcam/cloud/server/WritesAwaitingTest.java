package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;

/**
 * The cap on camera writes awaiting Redis is exact when the node's event loops reserve at once: a
 * check of the count followed by an increment let each loop that checked at the same moment pass it.
 */
class WritesAwaitingTest {
    private static final int LOOPS = 4;
    private static final int ROUNDS = 200_000;

    @Test
    void loopsReservingAtOnceNeverHoldMoreThanTheCapacityBetweenThem() throws Exception {
        for (int capacity : new int[] {1, 2, 16}) {
            WritesAwaiting writes = new WritesAwaiting(capacity);
            CyclicBarrier start = new CyclicBarrier(LOOPS);
            List<Thread> loops = new ArrayList<>();
            for (int i = 0; i < LOOPS; i++) {
                // Each loop sends writes as fast as it can; each is answered at once (Redis keeping up at the cap).
                loops.add(Thread.ofPlatform().start(() -> {
                    await(start);
                    for (int round = 0; round < ROUNDS; round++) {
                        if (writes.tryReserve()) {
                            writes.release();
                        }
                    }
                }));
            }
            for (Thread loop : loops) {
                loop.join();
            }
            assertThat(writes.peak())
                    .as("writes held at once by %d loops racing for a capacity of %d", LOOPS, capacity)
                    .isLessThanOrEqualTo(capacity);
            assertThat(writes.held()).isZero();
        }
    }

    @Test
    void aFullCapacityRefusesUntilAWriteIsReleased() {
        WritesAwaiting writes = new WritesAwaiting(2);
        assertThat(writes.tryReserve()).isTrue();
        assertThat(writes.tryReserve()).isTrue();
        assertThat(writes.tryReserve()).isFalse();
        writes.release();
        assertThat(writes.tryReserve()).isTrue();
        assertThat(writes.held()).isEqualTo(2);
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
