package io.p2pcam.protocol.recovery;

/**
 * The media bitrate one viewer's path can take, from its receiver reports: the loss-based
 * controller of Google Congestion Control (draft-ietf-rmcat-gcc-02 §6), with the round-trip time
 * as a second, coarse signal of a filling queue. Below 2 % loss it probes upwards by 5 % a report;
 * between 2 and 10 % it holds; above 10 % it backs off by half the loss fraction; a round-trip time
 * above {@link #QUEUEING_RTT_MILLIS} (a queue building up before loss shows) backs off by 15 %.
 * Never below {@code min} nor above {@code max} (the configured rate). Pure: no clock, no I/O.
 */
public final class BitrateController {
    public static final double LOW_LOSS = 0.02;
    public static final double HIGH_LOSS = 0.10;
    public static final long QUEUEING_RTT_MILLIS = 400;

    private final long min;
    private final long max;
    private long target;

    public BitrateController(long min, long max) {
        if (min <= 0 || min > max) {
            throw new IllegalArgumentException("need 0 < min <= max, got " + min + ", " + max);
        }
        this.min = min;
        this.max = max;
        this.target = max;
    }

    /** Takes one receiver report; returns the new target in bit/s. */
    public long onReport(SenderLink.Quality quality) {
        double loss = quality.fractionLost();
        double next = target;
        if (loss > HIGH_LOSS) {
            next = target * (1 - 0.5 * loss);
        } else if (loss < LOW_LOSS) {
            next = target * 1.05;
        }
        if (quality.rttMillis() > QUEUEING_RTT_MILLIS) {
            next = Math.min(next, target * 0.85);
        }
        target = Math.max(min, Math.min(max, Math.round(next)));
        return target;
    }

    public long target() {
        return target;
    }
}
