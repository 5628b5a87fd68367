package io.p2pcam.camera.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class LatencyRecordTest {
    private final LatencyRecord record = new LatencyRecord();

    @Test
    void anEmptyRecordHasNoPercentile() {
        assertThat(record.percentileMillis(0.5)).isEqualTo(-1);
    }

    @Test
    void percentilesAreTheNearestRankRoundedToWholeMilliseconds() {
        for (long micros : new long[] {40_400, 10_600, 30_000, 20_499, 50_000}) {
            record.add(micros);
        }

        assertThat(record.percentileMillis(0.0)).isEqualTo(11); // the least
        assertThat(record.percentileMillis(0.5)).isEqualTo(30); // rank 3 of 5
        assertThat(record.percentileMillis(0.95)).isEqualTo(50); // rank 5 of 5
        assertThat(record.percentileMillis(0.41)).isEqualTo(30); // rank ceil(2.05) = 3
        assertThat(record.percentileMillis(0.4)).isEqualTo(20); // rank 2, 20.499 ms rounded
    }

    @Test
    void aClockBehindTheViewersGivesNegativeLatencies() {
        record.add(-15_000);
        record.add(-5_000);

        assertThat(record.percentileMillis(0.5)).isEqualTo(-15);
        assertThat(record.percentileMillis(0.95)).isEqualTo(-5);
    }

    @Test
    void latenciesBeyondTheRangeCountAtItsEdges() {
        record.add(3_600_000_000L); // an hour: clocks that disagree
        record.add(-3_600_000_000L);

        assertThat(record.percentileMillis(0.5)).isEqualTo(LatencyRecord.MIN_MILLIS);
        assertThat(record.percentileMillis(1.0)).isEqualTo(LatencyRecord.MAX_MILLIS);
    }

    @Test
    void clearingStartsTheNextSpurtEmpty() {
        record.add(30_000);
        record.clear();
        record.add(70_000);

        assertThat(record.percentileMillis(0.0)).isEqualTo(70);
    }

    /**
     * A talker may hold a talk spurt as long as it likes (a packet every 400 ms keeps it going): an
     * hour of 10 ms frames is 360,000 latencies. Kept one by one they grew without bound (8 bytes a
     * frame, about 70 MB a day, doubled while copied) and were sorted under the lock the network
     * thread takes; a record of fixed size allocates nothing per frame.
     */
    @Test
    void anHourLongSpurtAllocatesNothingPerFrame() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int frame = 0; frame < 360_000; frame++) {
            record.add(20_000 + frame % 50_000);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(allocated).as("bytes allocated by an hour of frames").isLessThan(1_000);
        assertThat(record.percentileMillis(0.5)).isEqualTo(44);
    }
}
