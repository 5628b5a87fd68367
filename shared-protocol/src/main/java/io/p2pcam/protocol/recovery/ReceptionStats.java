package io.p2pcam.protocol.recovery;

import io.p2pcam.protocol.rtcp.RtcpPacket.ReportBlock;

/**
 * What a receiver reports about one RTP source (RFC 3550 §6.4.1): loss, computed as in Appendix
 * A.3, and interarrival jitter, as in Appendix A.8.
 *
 * <p>Loss here is loss on the path, before repair: a packet that only arrived because a NACK
 * asked for it counts as lost (as it would with RTX on its own SSRC, RFC 4588 §9.1), so that the
 * sender's rate control sees how lossy the path is; an original that filled its hole late was
 * reordered and counts as received (the sender marks retransmissions, §10.6). Retransmitted packets are also
 * left out of the jitter, which they would inflate by a round trip. Not thread-safe.
 */
public final class ReceptionStats {
    private static final long RTP_CLOCK_HZ = 90_000;

    private long baseSequence = -1;
    private long highest = -1;
    private long receivedOriginal;
    private long expectedPrior;
    private long receivedPrior;
    private double jitter;
    private long lastTransit;
    private boolean anyTransit;
    private int lastFractionLost;

    /**
     * Counts a packet that left the jitter buffer (so never a duplicate).
     *
     * @param arrivalMillis when it arrived, on the receiver's clock
     */
    public void onPacket(long extendedSequence, long rtpTimestamp, long arrivalMillis, boolean retransmitted) {
        if (baseSequence < 0) {
            baseSequence = extendedSequence;
        }
        highest = Math.max(highest, extendedSequence);
        if (retransmitted) {
            return;
        }
        receivedOriginal++;
        long arrival = arrivalMillis * RTP_CLOCK_HZ / 1000;
        long transit = arrival - rtpTimestamp;
        if (anyTransit) {
            long d = Math.abs(transit - lastTransit);
            if (d < RTP_CLOCK_HZ * 10) { // a timestamp wrap or a new source is no jitter
                jitter += (d - jitter) / 16.0;
            }
        }
        lastTransit = transit;
        anyTransit = true;
    }

    /** Packets the source sent so far, by sequence number. */
    public long expected() {
        return highest < 0 ? 0 : highest - baseSequence + 1;
    }

    /** Packets lost on the path (not counting what retransmission repaired later). */
    public long lost() {
        return expected() - receivedOriginal;
    }

    public double jitterMillis() {
        return jitter * 1000 / RTP_CLOCK_HZ;
    }

    /** The fraction lost in the last report interval, 0..1. */
    public double lastFractionLost() {
        return lastFractionLost / 256.0;
    }

    /**
     * The report block for the interval since the previous call (RFC 3550 A.3), or null before
     * any packet.
     */
    public ReportBlock report(long ssrc, long lastSr, long delaySinceLastSr) {
        if (highest < 0) {
            return null;
        }
        long expected = expected();
        long expectedInterval = expected - expectedPrior;
        long receivedInterval = receivedOriginal - receivedPrior;
        expectedPrior = expected;
        receivedPrior = receivedOriginal;
        long lostInterval = expectedInterval - receivedInterval;
        lastFractionLost = expectedInterval <= 0 || lostInterval <= 0
                ? 0
                : (int) Math.min(255, (lostInterval << 8) / expectedInterval);
        return new ReportBlock(
                ssrc,
                lastFractionLost,
                (int) Math.min(lost(), 0x7FFFFF),
                highest & 0xFFFF_FFFFL,
                (long) jitter,
                lastSr,
                delaySinceLastSr);
    }
}
