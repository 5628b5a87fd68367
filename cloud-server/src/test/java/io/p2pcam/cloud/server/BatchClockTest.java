package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BatchClockTest {
    private final AtomicLong millis = new AtomicLong(1_000);
    private final AtomicLong reads = new AtomicLong();
    private final BatchClock clock = new BatchClock(() -> {
        reads.incrementAndGet();
        return millis.get();
    });

    @Test
    void aBatchKeepsTheTimeOfItsFirstDatagramAndTheNextBatchReadsTheClockAgain() {
        assertThat(clock.now()).isEqualTo(1_000);
        millis.set(1_003);
        assertThat(clock.now()).as("same batch").isEqualTo(1_000);
        assertThat(reads).hasValue(1);

        clock.batchDone();

        assertThat(clock.now()).isEqualTo(1_003);
        assertThat(reads).hasValue(2);
    }
}
