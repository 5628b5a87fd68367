package io.p2pcam.cloud.server;

import java.util.function.LongSupplier;

/**
 * The time for the datagrams of one read batch: the clock read at the batch's first datagram and
 * kept until {@link #batchDone}. One clock read per batch rather than per datagram: at hundreds of
 * thousands of stateless answers a second the clock was ~5 % of the loop's user time (perf, issue
 * 13 §5 (a)), and a batch (at most one wake-up's datagrams) takes well under the clock's
 * millisecond. Event loop only.
 */
final class BatchClock {
    /** No batch under way. */
    private static final long NO_TIME = Long.MIN_VALUE;

    private final LongSupplier monotonicMillis;
    private long batchTime = NO_TIME;

    BatchClock(LongSupplier monotonicMillis) {
        this.monotonicMillis = monotonicMillis;
    }

    /** The time of the batch under way (read now if this is its first datagram). */
    long now() {
        if (batchTime == NO_TIME) {
            batchTime = monotonicMillis.getAsLong();
        }
        return batchTime;
    }

    /** The batch is over: the next datagram reads the clock again. */
    void batchDone() {
        batchTime = NO_TIME;
    }
}
