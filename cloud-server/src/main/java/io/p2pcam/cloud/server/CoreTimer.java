package io.p2pcam.cloud.server;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One timer kept armed on an event loop at the earliest deadline a core asked to be woken at (the
 * pattern of Netty codec-quic's timeout handling): re-armed only when the core wants waking earlier
 * than it is armed for, so that a batch of datagrams costs no scheduling unless it moved the
 * deadline closer. A timer that fires later than the core's deadline is harmless: the core looks at
 * the time it is given and asks again.
 *
 * <p>Event loop only.
 */
final class CoreTimer {
    private final LongSupplier monotonicMillis;
    private final Runnable onTimeout;
    private ScheduledFuture<?> timer;
    private long deadline;

    /**
     * @param monotonicMillis the core's clock, in which deadlines are given
     * @param onTimeout what runs on the loop when the armed deadline has come
     */
    CoreTimer(LongSupplier monotonicMillis, Runnable onTimeout) {
        this.monotonicMillis = monotonicMillis;
        this.onTimeout = onTimeout;
    }

    /** Makes sure {@code onTimeout} runs on {@code loop} by {@code wanted} (never: {@link Long#MAX_VALUE}). */
    void arm(EventExecutor loop, long wanted) {
        if (wanted == Long.MAX_VALUE || timer != null && wanted >= deadline) {
            return;
        }
        if (timer != null) {
            timer.cancel(false);
        }
        deadline = wanted;
        long delay = Math.max(0, wanted - monotonicMillis.getAsLong());
        timer = loop.schedule(this::fire, delay, TimeUnit.MILLISECONDS);
    }

    private void fire() {
        timer = null;
        onTimeout.run();
    }

    /** No wake-up any more (the port closed) until the next {@link #arm}. */
    void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
