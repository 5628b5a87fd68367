package io.p2pcam.loadgen;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * A connect slower than the goal ({@value #SLOWER_THAN_NANOS} ns), for a JFR recording of the
 * generator (docs/BENCHMARKS.md, "A million cameras per node"): its time is when the viewer read
 * the result, so a recording of the cloud beside it shows what the cloud was doing meanwhile.
 * Costs a check of a flag unless a recording is running.
 */
@Name("p2pcam.SlowConnect")
@Label("Slow connect")
@Category("p2pcam")
@Description("A connect whose result came more than 10 ms after its request was sent")
@StackTrace(false)
final class SlowConnectEvent extends Event {
    static final long SLOWER_THAN_NANOS = 10_000_000;

    @Label("Exchange")
    @Timespan(Timespan.NANOSECONDS)
    long total;

    @Label("Request to camera")
    @Timespan(Timespan.NANOSECONDS)
    long toCamera;

    @Label("Answer to viewer")
    @Timespan(Timespan.NANOSECONDS)
    long toViewer;

    /** Records the exchange sent at {@code sentNanos} and read at {@code resultReadNanos} if it was slow. */
    static void report(long sentNanos, long forwardReadNanos, long resultReadNanos) {
        long total = resultReadNanos - sentNanos;
        if (total <= SLOWER_THAN_NANOS) {
            return;
        }
        SlowConnectEvent event = new SlowConnectEvent();
        if (!event.isEnabled()) {
            return;
        }
        event.total = total;
        event.toCamera = forwardReadNanos == 0 ? 0 : forwardReadNanos - sentNanos;
        event.toViewer = forwardReadNanos == 0 ? 0 : resultReadNanos - forwardReadNanos;
        event.commit();
    }
}
