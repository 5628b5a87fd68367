package io.p2pcam.cloud.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class BufferedRandomTest {
    /** A source whose bytes count up (0, 1, 2, ... wrapping), counting how often it is asked. */
    private static final class CountingSource implements RandomGenerator {
        int draws;
        int longCalls;
        private byte next;

        @Override
        public void nextBytes(byte[] bytes) {
            draws++;
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = next++;
            }
        }

        @Override
        public long nextLong() {
            longCalls++;
            return 0;
        }
    }

    @Test
    void handsOutTheSourcesBytesInOrderAsBigEndianLongs() {
        CountingSource source = new CountingSource();
        BufferedRandom random = new BufferedRandom(source);

        assertThat(random.nextLong()).isEqualTo(0x0001020304050607L);
        assertThat(random.nextLong()).isEqualTo(0x08090a0b0c0d0e0fL);
    }

    @Test
    void asksTheSourceOncePerFourKibibytes() {
        CountingSource source = new CountingSource();
        BufferedRandom random = new BufferedRandom(source);
        int perDraw = BufferedRandom.BUFFER_BYTES / Long.BYTES;

        for (int i = 0; i < perDraw; i++) {
            random.nextLong();
        }
        assertThat(source.draws).isEqualTo(1);
        long firstOfSecondDraw = random.nextLong();

        assertThat(source.draws).isEqualTo(2);
        assertThat(source.longCalls).isZero();
        byte expected = (byte) BufferedRandom.BUFFER_BYTES; // the source's count carries on
        assertThat(firstOfSecondDraw)
                .isEqualTo(ByteBuffer.wrap(new byte[] {
                            expected,
                            (byte) (expected + 1),
                            (byte) (expected + 2),
                            (byte) (expected + 3),
                            (byte) (expected + 4),
                            (byte) (expected + 5),
                            (byte) (expected + 6),
                            (byte) (expected + 7)
                        })
                        .getLong());
    }

    @Test
    void boundedValuesStayInsideTheirBoundAndReachBothEnds() {
        BufferedRandom random = new BufferedRandom(new SecureRandom());
        boolean sawLowest = false;
        boolean sawHighest = false;
        for (int i = 0; i < 100_000; i++) {
            long value = random.nextLong(5);
            assertThat(value).isBetween(0L, 4L);
            sawLowest |= value == 0;
            sawHighest |= value == 4;
        }
        assertThat(sawLowest).isTrue();
        assertThat(sawHighest).isTrue();
    }
}
