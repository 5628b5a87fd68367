package io.p2pcam.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
    @Test
    void smallValuesAreExact() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int value = 1; value <= 50; value++) {
            histogram.record(value);
        }
        assertThat(histogram.percentile(50)).isEqualTo(25);
        assertThat(histogram.percentile(90)).isEqualTo(45);
        assertThat(histogram.percentile(100)).isEqualTo(50);
        assertThat(histogram.max()).isEqualTo(50);
        assertThat(histogram.count()).isEqualTo(50);
    }

    @Test
    void percentilesOfARandomSampleAreWithinTheBucketResolution() {
        SplittableRandom random = new SplittableRandom(42);
        long[] values = new long[100_000];
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 0; i < values.length; i++) {
            values[i] = (long) Math.exp(random.nextDouble(0, Math.log(5_000_000))); // 1 µs .. 5 s, log-uniform
            histogram.record(values[i]);
        }
        Arrays.sort(values);
        for (double p : new double[] {50, 90, 99, 99.9}) {
            long exact = values[(int) Math.ceil(p / 100 * values.length) - 1];
            assertThat((double) histogram.percentile(p))
                    .as("p%s", p)
                    .isGreaterThanOrEqualTo(exact)
                    .isCloseTo(exact, within(exact / 64.0 + 1));
        }
        assertThat(histogram.percentile(100)).isEqualTo(values[values.length - 1]);
    }

    @Test
    void aPercentileNeverExceedsTheLargestValueRecorded() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.record(1_000_001);
        assertThat(histogram.percentile(99.9)).isEqualTo(1_000_001);
    }

    @Test
    void anEmptyHistogramReportsZero() {
        assertThat(new LatencyHistogram().percentile(99)).isZero();
    }

    @Test
    void bucketsTileTheValueRangeWithoutGapsOrOverlaps() {
        for (long value = 0; value < 1 << 20; value++) {
            int bucket = LatencyHistogram.bucketOf(value);
            assertThat(LatencyHistogram.highestValueOf(bucket)).isGreaterThanOrEqualTo(value);
            if (bucket > 0) {
                assertThat(LatencyHistogram.highestValueOf(bucket - 1)).isLessThan(value);
            }
        }
    }
}
