package io.p2pcam.cloud.core;

import io.p2pcam.protocol.cloud.CloudMessage.ConnectRequest;
import io.p2pcam.protocol.cloud.CloudPass;
import io.p2pcam.protocol.cloud.PassTag;
import io.p2pcam.protocol.cloud.RetransmitSchedule;

/**
 * The cloud pass of a CONNECT_REQUEST that {@link CloudPasses#check} passed (docs/PROTOCOL.md
 * §5.3), kept with the request so that the viewer's retransmissions skip the camera's cap without a
 * second check (which would find the handshake's timestamp not newer, and fail a genuine repeat).
 * The verdict is the first request's, not a licence for whatever arrives under its (viewer,
 * transaction): a repeat keeps it only while it is that request's retransmission (byte for byte,
 * §3.4, so the same pass and tag), the pass is fresh (the handshake within the window), and the
 * pass has resends left.
 *
 * <p>The resends are the pass's own budget for one connect: a copy of the request seen on the wire
 * and replayed from the viewer's spoofed address is a retransmission to the cloud, so without a
 * count each copy would be one more forward past the camera's cap, at the source's request rate for
 * the whole connect timeout. And they come at the pace of an honest viewer's backoff: the k-th
 * resend is there from the soonest an honest viewer's k-th retransmission can arrive, so copies
 * sent at once are worth one forward and cannot spend the resends the viewer's own retransmissions
 * need after a lost forward (decision 0060). Not thread-safe: owned by the core's thread, like the
 * request it is kept with.
 */
final class VerifiedPass {
    /**
     * Repeats of one passed request that may pass: as many as an honest viewer sends within a cluster
     * node's wait for it (connect timeout 5 s + 1 s), retransmitting at 0.5, 1.5, 3.5 and 5.5 s
     * (§5.4, each interval ±10 %).
     */
    static final int RESENDS = 4;

    /**
     * How much sooner than its backoff a retransmission may arrive, measured from the first
     * request's arrival: the first may have waited longer on its way (a hand-over between nodes).
     */
    static final long ARRIVAL_SLACK_MILLIS = 200;

    /** From the first request's arrival, when each resend becomes available (ms). */
    private static final long[] RESEND_FROM = resendTimes(RetransmitSchedule.REQUEST);

    private final PassTag pass;
    private final long freshUntil;
    private final long passedAt;
    private int resendsUsed;

    /**
     * @param pass the pass and tag the request presented
     * @param freshUntil until when (the core's clock, ms) the request's handshake lies within the window
     * @param passedAt when (the core's clock, ms) the request passed
     */
    VerifiedPass(PassTag pass, long freshUntil, long passedAt) {
        this.pass = pass;
        this.freshUntil = freshUntil;
        this.passedAt = passedAt;
    }

    /**
     * The soonest an honest viewer's k-th retransmission arrives after its first request: every
     * wait of {@code schedule} at its shortest (jitter below), less {@link #ARRIVAL_SLACK_MILLIS}.
     */
    static long[] resendTimes(RetransmitSchedule schedule) {
        long[] times = new long[RESENDS];
        double sinceFirst = 0;
        for (int k = 0; k < RESENDS; k++) {
            long base = Math.min(schedule.maxMillis(), schedule.initialMillis() << k);
            sinceFirst += base * (1 - schedule.jitter());
            times[k] = (long) Math.floor(sinceFirst) - ARRIVAL_SLACK_MILLIS;
        }
        return times;
    }

    /**
     * Whether {@code repeat}, arriving {@code now} under the verified request's (viewer, transaction),
     * keeps its verdict; if so it spends one of the pass's resends. A repeat that does not keep it
     * (another tag, a stale pass, no resend available yet or left) is a stranger's and takes a token
     * of the camera's cap.
     */
    boolean passesRepeat(ConnectRequest repeat, long now) {
        if (resendsUsed >= resendsAvailable(now) || !isRetransmission(repeat, now)) {
            return false;
        }
        resendsUsed++;
        return true;
    }

    /** Resends an honest viewer may have sent by {@code now}: one missed (lost on its way) stays available. */
    private int resendsAvailable(long now) {
        int available = 0;
        while (available < RESENDS && now - passedAt >= RESEND_FROM[available]) {
            available++;
        }
        return available;
    }

    private boolean isRetransmission(ConnectRequest repeat, long now) {
        return now < freshUntil
                && repeat.pass().passId() == pass.passId()
                && pass.tag().equalsConstantTime(repeat.pass().tag().toArray(), 0, CloudPass.TAG_BYTES);
    }
}
